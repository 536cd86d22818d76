using System.Collections.Concurrent;
using System.Runtime;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Measurement;

public class ExperimentRunnerTests
{
    [Fact]
    public void Runs_in_process_tasks_without_a_background_GC_and_restores_the_callers_mode()
    {
        var seen = new ConcurrentBag<GCLatencyMode>();
        var catalog = new WorkloadCatalog().Add(new WorkloadInfo { Name = "Probe", DefaultSize = 1, SizeUnit = "-" },
            spec => new LatencyProbeWorkload(spec, seen));
        var before = GCSettings.LatencyMode;
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Probe", 1, 4), TestWorkloads.Options(), new SilentObserver());

        runner.Measure([new StrategyPlan(Strategy.Threads, 2, 1)], repeat: 2, warmup: 1, default);
        runner.RunOnce(new StrategyPlan(Strategy.Sequential, 1, 1), default);

        Assert.Equal(16, seen.Count);
        Assert.All(seen, mode => Assert.Equal(GCLatencyMode.Batch, mode));
        Assert.Equal(before, GCSettings.LatencyMode);
    }

    [Fact]
    public void Reports_each_run_as_it_starts_and_ends_with_the_last_of_each_strategy_marked_and_warm_up_tasks_counted_apart()
    {
        var observer = new StagesObserver();
        var catalog = new WorkloadCatalog().Add(new WorkloadInfo { Name = "Probe", DefaultSize = 1, SizeUnit = "-" },
            spec => new LatencyProbeWorkload(spec, []));
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Probe", 1, 2), TestWorkloads.Options(), observer);

        runner.Measure([new StrategyPlan(Strategy.Sequential, 1, 1), new StrategyPlan(Strategy.Threads, 2, 1)], repeat: 2, warmup: 1, default);

        Assert.Equal(
            ["start Sequential warm-up 1 of 1", "end Sequential warm-up 1 of 1", "start Threads warm-up 1 of 1", "end Threads warm-up 1 of 1",
             "start Threads repeat 1 of 2", "end Threads repeat 1 of 2", "start Sequential repeat 1 of 2", "end Sequential repeat 1 of 2",
             "start Sequential repeat 2 of 2", "end Sequential repeat 2 of 2 (last)", "start Threads repeat 2 of 2", "end Threads repeat 2 of 2 (last)"],
            observer.Events);
        Assert.Equal(4, observer.UntimedTasks);
        Assert.Equal(8, observer.TimedTasks);
    }

    [Fact]
    public void Starts_every_run_from_collected_memory()
    {
        var catalog = new WorkloadCatalog().Add(new WorkloadInfo { Name = "Probe", DefaultSize = 1, SizeUnit = "-" },
            spec => new LatencyProbeWorkload(spec, []));
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Probe", 1, 1), TestWorkloads.Options(), new SilentObserver());
        var collections = GC.CollectionCount(2);

        runner.Measure([new StrategyPlan(Strategy.Sequential, 1, 1)], repeat: 3, warmup: 1, default);

        Assert.True(GC.CollectionCount(2) - collections >= 4, "four runs should have begun with a full collection each");
    }

    [Fact]
    public void Starts_every_pool_first_then_interleaves_rounds_in_rotating_order()
    {
        var observer = new SilentObserver();
        var catalog = new WorkloadCatalog().Add(new WorkloadInfo { Name = "Probe", DefaultSize = 1, SizeUnit = "-" },
            spec => new LatencyProbeWorkload(spec, []));
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Probe", 1, 2), TestWorkloads.Options(), observer);
        var plans = new[] { new StrategyPlan(Strategy.Sequential, 1, 1), new StrategyPlan(Strategy.Threads, 2, 1), new StrategyPlan(Strategy.Sequential, 1, 1) with { } };

        var measured = runner.Measure([plans[0], plans[1]], repeat: 3, warmup: 1, default);

        var runs = observer.Phases.Where(p => p.Contains("repeat") || p.Contains("warm-up")).ToList();
        Assert.Equal(
            ["Sequential: warm-up 1 of 1", "Threads: warm-up 1 of 1",
             "Threads: repeat 1 of 3", "Sequential: repeat 1 of 3",
             "Sequential: repeat 2 of 3", "Threads: repeat 2 of 3",
             "Threads: repeat 3 of 3", "Sequential: repeat 3 of 3"], runs);
        var firstRun = observer.Phases.FindIndex(p => p.Contains("warm-up"));
        Assert.True(observer.Phases.FindLastIndex(p => p.Contains("starting") || p.Contains("preparing the loop")) < firstRun, "a pool started after the runs began");
        Assert.All(measured, m => Assert.Equal([1, 2, 3], m.Runs.Select(r => r.Round)));
    }

    [Fact]
    public void Reads_each_tasks_cpu_time_on_its_own_thread()
    {
        var catalog = WorkloadCatalog.CreateBuiltIn();
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Loop", 3_000_000, 4), TestWorkloads.Options(), new SilentObserver());

        var run = runner.RunOnce(new StrategyPlan(Strategy.Threads, 2, 1), default);

        // A thread cannot use more CPU than the wall time it ran; how much less depends on how busy the machine is.
        Assert.All(run.Records, r => Assert.InRange(r.CpuSeconds, 1e-6, r.Duration + 0.001));
    }

    [Fact]
    public void Counts_the_cpu_of_a_tasks_nested_parallel_loop_on_the_thread_pool()
    {
        var catalog = WorkloadCatalog.CreateBuiltIn();
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Matrix", 600, 2), TestWorkloads.Options(), new SilentObserver());

        var run = runner.RunOnce(new StrategyPlan(Strategy.Sequential, 1, 1), default);

        // The product runs on the thread pool as well as on the task's thread, so the run used more CPU than its tasks' threads alone.
        Assert.True(run.CpuSeconds > run.Records.Sum(r => r.CpuSeconds) * 1.2,
            $"run CPU {run.CpuSeconds:0.000} s against the task threads' {run.Records.Sum(r => r.CpuSeconds):0.000} s");
    }

    [Fact]
    public void Short_process_tasks_count_all_the_cpu_their_workers_used()
    {
        // About 2 ms of compiled loop per task: /proc's 10 ms ticks read this as almost nothing.
        var catalog = WorkloadCatalog.CreateBuiltIn();
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Loop", 200_000, 4), TestWorkloads.Options(), new SilentObserver());

        var runs = runner.Measure([new StrategyPlan(Strategy.Processes, 2, 1)], repeat: 3, warmup: 1, default).Single().Runs;

        // The workers' own clocks see every microsecond of the tasks; /proc's ticks saw a few percent of it.
        Assert.All(runs.SelectMany(r => r.Records), r => Assert.True(r.CpuSeconds > 0));
        Assert.All(runs, run => Assert.True(run.CpuSeconds >= 0.95 * run.Records.Sum(r => r.CpuSeconds),
            $"run CPU {run.CpuSeconds * 1000:0.00} ms against its tasks' {run.Records.Sum(r => r.CpuSeconds) * 1000:0.00} ms"));
    }

    [Fact]
    public void Reports_the_garbage_collection_pauses_that_stopped_the_threads_of_this_process()
    {
        var catalog = new WorkloadCatalog().Add(new WorkloadInfo { Name = "Collecting", DefaultSize = 1, SizeUnit = "-" }, spec => new CollectingWorkload(spec));
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Collecting", 1, 4), TestWorkloads.Options(), new SilentObserver());

        var run = runner.RunOnce(new StrategyPlan(Strategy.Threads, 2, 1), default);

        Assert.True(run.GcPauseSeconds > 0, "four forced collections paused nothing");
        Assert.Equal(Math.Min(1, run.GcPauseSeconds / run.Elapsed), run.GcPauseShare, 9);
    }

    [Fact]
    public void Reports_the_garbage_collection_pauses_of_the_worker_processes()
    {
        var catalog = WorkloadCatalog.CreateBuiltIn();
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Transfer", 2_000, 4), TestWorkloads.Options(), new SilentObserver());

        var run = runner.RunOnce(new StrategyPlan(Strategy.Processes, 2, 1), default);

        Assert.True(run.GcPauseSeconds > 0, "no GC pause reported by the workers");
        Assert.Equal(run.GcPauseSeconds / (run.Elapsed * 2), run.GcPauseShare, 9);
        Assert.Equal("workstation, non-concurrent", run.GcMode);
    }

    [Fact]
    public void Starts_each_process_plan_under_its_own_collector_as_the_workers_report()
    {
        var catalog = WorkloadCatalog.CreateBuiltIn();
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Loop", 1_000, 1), TestWorkloads.Options(), new SilentObserver());

        var measured = runner.Measure(
        [
            new StrategyPlan(Strategy.Processes, 1, 1),
            new StrategyPlan(Strategy.Processes, 1, 1) { GcMode = WorkerGcMode.Server },
        ], repeat: 1, warmup: 0, default);

        Assert.Equal(["workstation, non-concurrent", "server, non-concurrent"], measured.Select(m => m.Runs.Single().GcMode));
        Assert.Equal(["workstation, non-concurrent", "server, non-concurrent"], measured.Select(m => m.WorkerGcMode));
    }

    /// <summary>Forces a full blocking collection per task, so the run certainly pauses for the GC.</summary>
    private sealed class CollectingWorkload(WorkloadSpec spec) : Workload(spec)
    {
        public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            return null;
        }
    }

    [Fact]
    public void A_strategy_whose_every_task_fails_is_not_run_again_while_the_others_run_every_repeat()
    {
        var observer = new SilentObserver();
        var catalog = new WorkloadCatalog().Add(new WorkloadInfo { Name = "Probe", DefaultSize = 1, SizeUnit = "-" },
            spec => new FailsOnPoolThreadsWorkload(spec));
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Probe", 1, 3), TestWorkloads.Options(), observer);

        var measured = runner.Measure([new StrategyPlan(Strategy.Sequential, 1, 1), new StrategyPlan(Strategy.Threads, 2, 1)], repeat: 4, warmup: 1, default);

        Assert.Equal(4, measured[0].Runs.Count);
        Assert.False(measured[0].StoppedAfterFailure);
        var threads = Assert.Single(measured[1].Runs);
        Assert.All(threads.Records, r => Assert.Equal(TaskState.Failed, r.Status));
        Assert.True(measured[1].StoppedAfterFailure);
        Assert.Contains("Threads: every task of repeat 1 failed; its other repeats are not run", observer.Phases);
    }

    /// <summary>Completes on the plain loop's thread and fails on every pool thread, as code that needs the caller's session would.</summary>
    private sealed class FailsOnPoolThreadsWorkload(WorkloadSpec spec) : Workload(spec)
    {
        public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation) =>
            Thread.CurrentThread.Name?.StartsWith("ParallelCmdlets worker", StringComparison.Ordinal) == true
                ? throw new InvalidOperationException("boom")
                : null;
    }

    internal sealed class LatencyProbeWorkload(WorkloadSpec spec, ConcurrentBag<GCLatencyMode> seen) : Workload(spec)
    {
        public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
        {
            seen.Add(GCSettings.LatencyMode);
            return null;
        }
    }

    internal sealed class SilentObserver : IExperimentObserver
    {
        public List<string> Phases { get; } = [];
        public void Phase(string message) { lock (Phases) Phases.Add(message); }
        public void TaskFinished(TaskRecord record) { }
    }

    private sealed class StagesObserver : IExperimentObserver
    {
        private int untimed, timed;
        public List<string> Events { get; } = [];
        public int UntimedTasks => untimed;
        public int TimedTasks => timed;
        public void Phase(string message) { }
        public void RunStarting(RunStage stage) => Events.Add($"start {stage.Plan.Strategy} {stage.Describe()}");
        public void RunFinished(RunStage stage) => Events.Add($"end {stage.Plan.Strategy} {stage.Describe()}{(stage.IsLastOfPlan ? " (last)" : "")}");
        public void TaskFinished(TaskRecord record) => Interlocked.Increment(ref timed);
        public void UntimedTaskFinished(TaskRecord record) => Interlocked.Increment(ref untimed);
    }
}
