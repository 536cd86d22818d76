using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

public class ScalingSweepTests
{
    private static readonly Strategy[] All = [Strategy.Sequential, Strategy.Threads, Strategy.Processes];

    [Fact]
    public void Plans_processes_once_per_gc_mode_and_threads_once_per_worker_count()
    {
        var plans = ScalingSweep.Plans(All, [2, 1], threadsPerWorker: 2, [WorkerGcMode.Workstation, WorkerGcMode.Server]);

        Assert.Equal(
        [
            new StrategyPlan(Strategy.Sequential, 1, 1),
            new StrategyPlan(Strategy.Threads, 1, 1),
            new StrategyPlan(Strategy.Processes, 1, 2) { GcMode = WorkerGcMode.Workstation },
            new StrategyPlan(Strategy.Processes, 1, 2) { GcMode = WorkerGcMode.Server },
            new StrategyPlan(Strategy.Threads, 2, 1),
            new StrategyPlan(Strategy.Processes, 2, 2) { GcMode = WorkerGcMode.Workstation },
            new StrategyPlan(Strategy.Processes, 2, 2) { GcMode = WorkerGcMode.Server },
        ], plans);
    }

    [Fact]
    public void Plans_a_mode_given_twice_once_and_leaves_the_experiments_own_collector_when_none_is_given()
    {
        var twice = ScalingSweep.Plans(All, [1], 1, [WorkerGcMode.Server, WorkerGcMode.Server]);
        var none = ScalingSweep.Plans(All, [1], 1);

        Assert.Equal(3, twice.Count);
        Assert.Equal(WorkerGcMode.Server, twice.Single(p => p.Strategy == Strategy.Processes).GcMode);
        Assert.All(none, p => Assert.Null(p.GcMode));
        Assert.Equal(3, none.Count);
    }

    [Fact]
    public void Reads_each_points_gc_mode_from_its_result()
    {
        var results = new[]
        {
            new StrategyResult { Workload = "Csv", Strategy = Strategy.Processes, Workers = 1, ThreadsPerWorker = 2, Tasks = 4, Elapsed = 1, Speedup = 1.5, GcMode = "workstation, non-concurrent" },
            new StrategyResult { Workload = "Csv", Strategy = Strategy.Processes, Workers = 1, ThreadsPerWorker = 2, Tasks = 4, Elapsed = 0.8, Speedup = 1.9, GcMode = "server, non-concurrent" },
        };

        var points = ScalingSweep.Points(results, 20000, cores: 2);

        Assert.Equal(["workstation, non-concurrent", "server, non-concurrent"], points.Select(p => p.GcMode));
    }
}
