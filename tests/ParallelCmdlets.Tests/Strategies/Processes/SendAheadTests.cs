using System.Diagnostics;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Executors;

/// <summary>
/// Short tasks are sent to a worker ahead of the answer to the one it is running, so it never waits a round trip
/// between them. On one connection a task sent ahead starts when the worker takes it, which is before the parent
/// has read the answer before it; a task sent after that answer starts after it.
/// </summary>
public class SendAheadTests
{
    private static IReadOnlyList<TaskRecord> RunOnOneWorker(string name, long size, int tasks, ITaskSink? sink = null)
    {
        using var workload = TestWorkloads.Prepared(name, size, tasks);
        using var executor = new ProcessExecutor(1, 1, workload, TestWorkloads.Options());
        executor.Start(default);
        var records = executor.Run(tasks, sink ?? NullTaskSink.Instance, default).Records;
        Assert.All(records, r => Assert.True(r.Start >= 0 && r.Start <= r.End && r.TransferIn >= 0 && r.QueueWait >= 0,
            $"task {r.TaskId}: start {r.Start}, end {r.End}, transfer in {r.TransferIn}"));
        return records;
    }

    /// <summary>Pairs of tasks in a row on the one worker where the second started before the parent had read the first's answer.</summary>
    private static int StartedBeforeTheAnswerBefore(IReadOnlyList<TaskRecord> records)
    {
        var ordered = records.OrderBy(r => r.Start).ToList();
        return ordered.Zip(ordered.Skip(1)).Count(pair => pair.Second.Start < pair.First.End);
    }

    [Fact]
    public void Short_tasks_are_sent_ahead_so_the_worker_takes_the_next_before_the_parent_has_read_the_last_answer()
    {
        var records = RunOnOneWorker("Loop", 1, 40);

        Assert.All(records, r => Assert.Equal(TaskState.Completed, r.Status));
        // Only a task preempted for a whole millisecond in its worker stops the next from going ahead: most do.
        var ahead = StartedBeforeTheAnswerBefore(records);
        Assert.True(ahead >= 20, $"only {ahead} of 39 tasks started before the answer to the task before them was read");
    }

    [Theory]
    [InlineData(40e-6, 13)]
    [InlineData(0.0002, 3)]
    [InlineData(0.0009, 2)]
    [InlineData(1e-7, ProcessExecutor.SendAheadDepth)]
    [InlineData(double.PositiveInfinity, 2)]
    public void The_shorter_the_last_task_the_more_are_sent_ahead_within_the_window(double lastTaskSeconds, int depth)
    {
        Assert.Equal(depth, ProcessExecutor.DepthAfter(lastTaskSeconds));
    }

    [Fact]
    public void Tasks_longer_than_the_send_ahead_bound_are_sent_one_at_a_time()
    {
        var milliseconds = (int)Math.Ceiling(ProcessExecutor.SendAheadBelowSeconds * 1000) * 5;
        var records = RunOnOneWorker("Sleep", milliseconds, 6);

        Assert.All(records, r => Assert.Equal(TaskState.Completed, r.Status));
        Assert.Equal(0, StartedBeforeTheAnswerBefore(records));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, false)]
    public void Only_arguments_small_enough_for_any_socket_buffer_are_sent_ahead(long rows, bool small)
    {
        Assert.Equal(small, TransferWorkload.PayloadBytes(rows) <= ProcessExecutor.SendAheadMaxBytes);
        var records = RunOnOneWorker("Transfer", rows, 30);

        Assert.All(records, r => Assert.Equal(TaskState.Completed, r.Status));
        var ahead = StartedBeforeTheAnswerBefore(records);
        if (small) Assert.True(ahead >= 10, $"only {ahead} of 29 small tasks went ahead");
        else Assert.Equal(0, ahead);
    }

    /// <summary>Kills the worker when a given task has finished, on the parent's thread that reads the answers.</summary>
    private sealed class KillAtTask(int taskId) : ITaskSink
    {
        public int Victim { get; private set; }

        public void TaskFinished(TaskRecord record)
        {
            if (record.TaskId != taskId) return;
            Victim = record.ProcessId;
            using var process = Process.GetProcessById(record.ProcessId);
            process.Kill();
            process.WaitForExit();
        }
    }

    [Fact]
    public void A_worker_killed_between_short_tasks_loses_only_the_task_it_was_running_and_those_sent_ahead_run_on_its_replacement()
    {
        var killer = new KillAtTask(50);
        var records = RunOnOneWorker("Loop", 1, 200, killer);

        Assert.Equal(Enumerable.Range(1, 200), records.Select(r => r.TaskId));
        var lost = Assert.Single(records, r => r.Status != TaskState.Completed);
        Assert.Equal(killer.Victim, lost.ProcessId);
        Assert.Contains("Worker 1", lost.Error);
        Assert.True(lost.TaskId > 50, $"task {lost.TaskId} was lost, before the kill");
        Assert.All(records.Where(r => r.TaskId > lost.TaskId), r => Assert.NotEqual(killer.Victim, r.ProcessId));
    }
}
