using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>Results that say what was run: the size and its unit, the warm-ups before, and when, on every row.</summary>
public class WhatWasRunTests
{
    private static IReadOnlyList<MeasuredStrategy> Measure(long size, int warmup)
    {
        var catalog = new WorkloadCatalog().Add(new WorkloadInfo { Name = "Probe", DefaultSize = 1, SizeUnit = "probes" },
            spec => new ExperimentRunnerTests.LatencyProbeWorkload(spec, []));
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Probe", size, 2), TestWorkloads.Options(), new ExperimentRunnerTests.SilentObserver());
        return runner.Measure([new StrategyPlan(Strategy.Sequential, 1, 1), new StrategyPlan(Strategy.Threads, 2, 1)], repeat: 2, warmup: warmup, default);
    }

    [Fact]
    public void Every_run_and_task_record_carries_the_size_its_unit_the_warmups_and_when_the_run_started()
    {
        var before = DateTime.UtcNow;
        var measured = Measure(size: 7, warmup: 2);

        var runs = measured.SelectMany(m => m.Runs).ToList();
        Assert.All(runs, run =>
        {
            Assert.Equal(7, run.Size);
            Assert.Equal("probes", run.SizeUnit);
            Assert.Equal(2, run.Warmup);
            Assert.InRange(run.StartedUtc, before, DateTime.UtcNow);
            Assert.Equal(DateTimeKind.Utc, run.StartedUtc.Kind);
            Assert.All(run.Records, record =>
            {
                Assert.Equal((7L, "probes", 2, run.StartedUtc), (record.Size, record.SizeUnit, record.Warmup, record.RunStartedUtc));
            });
        });
        Assert.Equal(runs.Count, runs.Select(r => r.StartedUtc).Distinct().Count());
    }

    [Fact]
    public void A_strategy_result_carries_the_size_its_unit_and_when_its_first_timed_run_started()
    {
        var measured = Measure(size: 9, warmup: 1);

        var results = Comparison.Analyze(measured, Environment.ProcessorCount, environment: null);

        Assert.All(results.Zip(measured), pair =>
        {
            var (result, m) = pair;
            Assert.Equal((9L, "probes", 1), (result.Size, result.SizeUnit, result.Warmup));
            Assert.Equal(m.Runs.Min(r => r.StartedUtc), result.StartedUtc);
        });
    }

    [Fact]
    public void Parallelism_is_workers_times_threads_per_worker()
    {
        var results = SyntheticRuns.Analyze(
            SyntheticRuns.Measured(Strategy.Sequential, SyntheticRuns.Around(4), 1),
            SyntheticRuns.Measured(Strategy.Processes, SyntheticRuns.Around(1), 1, workers: 2, threadsPerWorker: 3));

        Assert.Equal(1, results.Row(Strategy.Sequential).Parallelism);
        Assert.Equal(6, results.Row(Strategy.Processes).Parallelism);
        Assert.Equal(6, ScalingSweep.Points(results, 1, 2).Single(p => p.Strategy == Strategy.Processes).Parallelism);
    }

    [Fact]
    public void The_median_runs_task_records_are_a_property_that_reads_as_their_count()
    {
        var results = SyntheticRuns.Analyze(SyntheticRuns.Measured(Strategy.Sequential, SyntheticRuns.Around(4), 1, failedInFirst: 1));
        var result = results.Single();

        Assert.Equal(result.GetTaskRecords(), result.TaskRecords);
        Assert.All(result.TaskRecords, r => Assert.Equal(result.RunId, r.RunId));
        Assert.Matches(@"^4 tasks", result.TaskRecords.ToString());
    }

    [Theory]
    [InlineData(Strategy.Threads, "\"Threads\"")]
    [InlineData(TaskState.Cancelled, "\"Cancelled\"")]
    [InlineData(WorkloadBound.MultiCore, "\"MultiCore\"")]
    [InlineData(WorkerGcMode.ServerConcurrent, "\"ServerConcurrent\"")]
    public void Json_NET_which_ConvertTo_Json_is_built_on_writes_the_enums_by_name(object value, string expected)
    {
        Assert.Equal(expected, Newtonsoft.Json.JsonConvert.SerializeObject(value));
    }
}
