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
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Probe", 1, 4), TestWorkloads.Options("Probe"), new SilentObserver());

        runner.Measure(new StrategyPlan(Strategy.Threads, 2, 1), repeat: 2, warmup: 1, default);
        runner.RunOnce(new StrategyPlan(Strategy.Sequential, 1, 1), default);

        Assert.Equal(16, seen.Count);
        Assert.All(seen, mode => Assert.Equal(GCLatencyMode.Batch, mode));
        Assert.Equal(before, GCSettings.LatencyMode);
    }

    [Fact]
    public void Starts_every_run_from_collected_memory()
    {
        var catalog = new WorkloadCatalog().Add(new WorkloadInfo { Name = "Probe", DefaultSize = 1, SizeUnit = "-" },
            spec => new LatencyProbeWorkload(spec, []));
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Probe", 1, 1), TestWorkloads.Options("Probe"), new SilentObserver());
        var collections = GC.CollectionCount(2);

        runner.Measure(new StrategyPlan(Strategy.Sequential, 1, 1), repeat: 3, warmup: 1, default);

        Assert.True(GC.CollectionCount(2) - collections >= 4, "four runs should have begun with a full collection each");
    }

    private sealed class LatencyProbeWorkload(WorkloadSpec spec, ConcurrentBag<GCLatencyMode> seen) : Workload(spec)
    {
        public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
        {
            seen.Add(GCSettings.LatencyMode);
            return null;
        }
    }

    private sealed class SilentObserver : IExperimentObserver
    {
        public void Phase(string message) { }
        public void TaskFinished(TaskRecord record) { }
    }
}
