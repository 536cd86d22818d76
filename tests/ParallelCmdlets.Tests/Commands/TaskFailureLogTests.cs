using System.Management.Automation;
using ParallelCmdlets.Commands;

namespace ParallelCmdlets.Tests.Commands;

/// <summary>Failed tasks become one error per distinct failure, with how often and where.</summary>
public class TaskFailureLogTests
{
    private static TaskRecord Failed(Strategy strategy, int taskId, string error) =>
        new() { Strategy = strategy, TaskId = taskId, WorkerId = 1, Status = TaskState.Failed, Error = error };

    [Fact]
    public void Writes_one_error_per_distinct_failure_with_its_count_per_strategy_in_the_order_first_seen()
    {
        var written = new List<ErrorRecord>();
        var log = new TaskFailureLog(written.Add, stopOnFirst: false);
        foreach (var strategy in new[] { Strategy.Threads, Strategy.Sequential })
            for (var task = 1; task <= 3; task++) log.Add(Failed(strategy, task, "boom"));
        log.Add(Failed(Strategy.Threads, 4, "other"));
        log.Add(new TaskRecord { Strategy = Strategy.Threads, TaskId = 5, Status = TaskState.Completed });

        Assert.Empty(written);
        log.WriteAll();

        Assert.Equal(2, written.Count);
        Assert.Equal("6 tasks failed with the same error (Sequential 3, Threads 3; the first was task 1, Threads worker 1): boom", written[0].Exception.Message);
        Assert.Equal("Task 4 (Threads, worker 1) failed: other", written[1].Exception.Message);
        Assert.All(written, e => Assert.Equal("TaskFailed", e.FullyQualifiedErrorId));
    }

    [Fact]
    public void With_stop_on_first_writes_the_first_failure_at_once()
    {
        var written = new List<ErrorRecord>();
        var log = new TaskFailureLog(written.Add, stopOnFirst: true);

        log.Add(Failed(Strategy.Threads, 2, "boom"));

        Assert.Equal("Task 2 (Threads, worker 1) failed: boom", Assert.Single(written).Exception.Message);
    }
}
