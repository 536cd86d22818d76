using ParallelCmdlets.Executors;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Executors;

public class ThreadExecutorTests
{
    [Fact]
    public void Every_task_runs_once_on_a_worker_in_range()
    {
        using var workload = new SleepWorkload(new WorkloadSpec("Sleep", 10, 8));
        using var executor = new ThreadExecutor(2, workload, new ExecutorOptions { WorkloadName = "Sleep" });
        executor.Start(default);
        var result = executor.Run(8, NullTaskSink.Instance, default);
        Assert.Equal(Enumerable.Range(1, 8), result.Records.Select(r => r.TaskId).Order());
        Assert.All(result.Records, r => Assert.InRange(r.WorkerId, 1, 2));
        Assert.All(result.Records, r => Assert.Equal(TaskState.Completed, r.Status));
    }
}
