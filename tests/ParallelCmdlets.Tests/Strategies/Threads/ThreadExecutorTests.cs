using System.Diagnostics;
using System.Collections.Concurrent;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Executors;

public class ThreadExecutorTests
{
    [Fact]
    public void Every_task_runs_once_on_a_worker_in_range()
    {
        using var workload = new SleepWorkload(new WorkloadSpec("Sleep", 10, 8));
        using var executor = new ThreadExecutor(2, workload, TestWorkloads.Options());
        executor.Start(default);
        var result = executor.Run(8, NullTaskSink.Instance, default);

        Assert.Equal(Enumerable.Range(1, 8), result.Records.Select(r => r.TaskId).Order());
        Assert.All(result.Records, r => Assert.InRange(r.WorkerId, 1, 2));
        Assert.All(result.Records, r => Assert.Equal(TaskState.Completed, r.Status));
    }

    [Fact]
    public void Times_are_ordered_and_queue_waits_are_never_negative()
    {
        using var workload = new SpinWorkload(new WorkloadSpec("Spin", 5, 6));
        using var executor = new ThreadExecutor(2, workload, TestWorkloads.Options());
        executor.Start(default);
        var result = executor.Run(6, NullTaskSink.Instance, default);

        Assert.All(result.Records, r =>
        {
            Assert.True(r.Start <= r.End);
            Assert.True(r.QueueWait >= 0);
            Assert.True(r.End <= result.Elapsed + 1e-9);
        });
    }

    [Fact]
    public void Uses_a_different_thread_per_worker()
    {
        using var workload = new SpinWorkload(new WorkloadSpec("Spin", 20, 4));
        using var executor = new ThreadExecutor(2, workload, TestWorkloads.Options());
        executor.Start(default);
        var result = executor.Run(4, NullTaskSink.Instance, default);

        Assert.Equal(2, result.Records.Select(r => r.WorkerId).Distinct().Count());
        Assert.Equal(2, result.Records.Select(r => r.ThreadId).Distinct().Count());
        Assert.All(result.Records.GroupBy(r => r.WorkerId), g => Assert.Single(g.Select(r => r.ThreadId).Distinct()));
    }

    [SkippableFact]
    public void Two_cpu_bound_workers_compute_in_parallel_not_only_in_turns()
    {
        // A compiled loop of fixed work (about 0.15 s alone), not a timed spin: under load it takes longer, never less CPU.
        TestWorkloads.AssertParallel(() =>
        {
            using var workload = TestWorkloads.Prepared("Loop", 50_000_000, 2);
            using var executor = new ThreadExecutor(2, workload, TestWorkloads.Options());
            executor.Start(default);
            return executor.Run(2, NullTaskSink.Instance, default).Records;
        });
    }

    [Fact]
    public void Makes_worker_state_once_per_thread_before_the_run()
    {
        using var workload = new StateProbeWorkload(new WorkloadSpec("Probe", 0, 6));
        using var executor = new ThreadExecutor(3, workload, TestWorkloads.Options(keepOutput: true));
        executor.Start(default);
        Assert.Equal(3, workload.StatesMade);
        var result = executor.Run(6, NullTaskSink.Instance, default);

        Assert.Equal(3, workload.StatesMade);
        Assert.All(result.Records.GroupBy(r => r.WorkerId), g => Assert.Single(g.Select(r => r.Output).Distinct()));
    }

    [Fact]
    public void Hands_every_finished_task_to_the_sink()
    {
        var sink = new CollectingSink();
        using var workload = new SpinWorkload(new WorkloadSpec("Spin", 1, 10));
        using var executor = new ThreadExecutor(2, workload, TestWorkloads.Options());
        executor.Start(default);
        executor.Run(10, sink, default);

        Assert.Equal(Enumerable.Range(1, 10), sink.Records.Select(r => r.TaskId).Order());
    }

    [Fact]
    public void Stopping_a_run_cancels_the_tasks_not_yet_started()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        using var workload = new SleepWorkload(new WorkloadSpec("Sleep", 100, 50));
        using var executor = new ThreadExecutor(2, workload, TestWorkloads.Options());
        executor.Start(default);
        var result = executor.Run(50, NullTaskSink.Instance, cancellation.Token);

        Assert.Equal(50, result.Records.Count);
        Assert.Contains(result.Records, r => r.Status == TaskState.Cancelled);
    }

    [Fact]
    public void A_cancellation_thrown_by_the_task_itself_is_its_own_failure_not_a_timeout()
    {
        using var workload = new SelfCancellingWorkload(new WorkloadSpec("SelfCancelling", 1, 1));
        using var executor = new ThreadExecutor(1, workload, TestWorkloads.Options());
        executor.Start(default);
        var record = executor.Run(1, NullTaskSink.Instance, default).Records.Single();

        Assert.Equal(TaskState.Failed, record.Status);
        Assert.Equal("the caller's own token was cancelled", record.Error);
    }

    private sealed class SelfCancellingWorkload(WorkloadSpec spec) : Workload(spec)
    {
        public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation) =>
            throw new OperationCanceledException("the caller's own token was cancelled");
    }

    internal sealed class CollectingSink : ITaskSink
    {
        public ConcurrentBag<TaskRecord> Records { get; } = [];
        public void TaskFinished(TaskRecord record) => Records.Add(record);
    }
}

public class ThreadExecutorTimeoutTests
{
    [Fact]
    public void A_task_past_its_timeout_is_cancelled_and_the_others_complete()
    {
        // One worker: tasks 2-4 can run only once the worker is free again, after task 1 was stopped at 0.2 s.
        using var workload = new SlowFirstTaskWorkload(new WorkloadSpec("SlowFirst", 20_000, 4));
        using var executor = new ThreadExecutor(1, workload, TestWorkloads.Options(keepOutput: true, timeout: 0.2));
        executor.Start(default);
        var watch = Stopwatch.StartNew();
        var records = executor.Run(4, NullTaskSink.Instance, default).Records.OrderBy(r => r.TaskId).ToList();

        Assert.Equal([1, 2, 3, 4], records.Select(r => r.TaskId));
        Assert.Equal(TaskState.Cancelled, records[0].Status);
        Assert.Contains("0.2 s timeout", records[0].Error);
        Assert.Null(records[0].Output);
        Assert.All(records.Skip(1), r =>
        {
            Assert.Equal(TaskState.Completed, r.Status);
            Assert.Null(r.Error);
            Assert.Equal(r.TaskId * 10, r.Output);
            Assert.True(r.Start >= records[0].End - 1e-3, $"task {r.TaskId} started before task 1 was stopped");
        });
        // Far below the 20 s task 1 would wait, far above the 0.2 s expected: a busy machine cannot fail it.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }
}

/// <summary>Reads this process's whole CPU clock, so it runs alone: other test classes' threads would count too.</summary>
[Collection(nameof(ProcessCpuCollection))]
public class ThreadExecutorStopTests
{
    [Fact]
    public void Stopping_a_Matrix_run_leaves_no_thread_computing()
    {
        // Before Matrix checked for a stop, Ctrl+C returned but both cores stayed busy for as long as the products
        // left took: with 64 of them, tens of seconds. One product, timed here first, sets the scale.
        using var workload = TestWorkloads.Prepared("Matrix", 1000, 64);
        var product = Stopwatch.StartNew();
        workload.Execute(0, null, null, default);
        var oneTask = product.Elapsed;
        var bound = StopBound.Measure() + 2 * oneTask;

        using var executor = new ThreadExecutor(2, workload, TestWorkloads.Options());
        executor.Start(default);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        var watch = Stopwatch.StartNew();
        var result = executor.Run(64, NullTaskSink.Instance, cancellation.Token);
        var returned = watch.Elapsed;

        Assert.True(returned < TimeSpan.FromMilliseconds(400) + bound, $"the run took {returned.TotalSeconds:0.0} s to stop (one product: {oneTask.TotalSeconds:0.00} s)");
        Assert.Contains(result.Records, r => r.Status == TaskState.Cancelled);
        // A band in flight may finish (an eighth of a product); after that nothing computes: within the bound, a
        // quarter-second window comes in which this process used under half a core (the failure used two).
        var idle = false;
        var deadline = Stopwatch.StartNew();
        while (!idle && deadline.Elapsed < bound)
        {
            var cpuBefore = ParallelCmdlets.Measurement.CpuClock.ProcessSeconds();
            Thread.Sleep(250); // the window the CPU is read over
            idle = ParallelCmdlets.Measurement.CpuClock.ProcessSeconds() - cpuBefore < 0.125;
        }
        Assert.True(idle, $"the process kept computing for {deadline.Elapsed.TotalSeconds:0.0} s after the run stopped: tasks still running");
    }
}

[CollectionDefinition(nameof(ProcessCpuCollection), DisableParallelization = true)]
public sealed class ProcessCpuCollection;
