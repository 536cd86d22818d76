using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>Statistics and verdicts from hand-made runs: no clock, no sleeping, the same answer every time.</summary>
public class StrategyStatisticsTests
{
    private static RunResult Run(Strategy strategy, double elapsed, double taskSeconds, double transfer = 0, double cpu = 0, double gcShare = 0) => new()
    {
        GcPauseShare = gcShare,
        GcPauseSeconds = gcShare * elapsed,
        RunId = $"{strategy}-{elapsed}",
        Workload = "Test",
        Strategy = strategy,
        Workers = 2,
        ThreadsPerWorker = 1,
        Tasks = 4,
        Elapsed = elapsed,
        CpuSeconds = cpu,
        Cores = 2,
        Records = Enumerable.Range(1, 4).Select(i => new TaskRecord
        {
            RunId = $"{strategy}-{elapsed}",
            Strategy = strategy,
            TaskId = i,
            Start = 0,
            End = taskSeconds,
            TransferIn = transfer / 2,
            TransferOut = transfer / 2,
            BytesIn = 100,
            BytesOut = 50,
        }).ToArray(),
    };

    [Fact]
    public void Summarize_reports_the_median_and_spread_of_repeats()
    {
        var result = StrategyStatistics.Summarize([Run(Strategy.Threads, 3, 1), Run(Strategy.Threads, 1, 1), Run(Strategy.Threads, 2, 1)]);

        Assert.Equal(2, result.Elapsed);
        Assert.Equal(1, result.ElapsedMin);
        Assert.Equal(3, result.ElapsedMax);
        Assert.Equal(1, result.ElapsedStdDev, 9);
        Assert.Equal(3, result.Repeat);
    }

    [Fact]
    public void Summarize_keeps_the_task_records_of_the_median_run()
    {
        var result = StrategyStatistics.Summarize([Run(Strategy.Threads, 3, 1), Run(Strategy.Threads, 2, 0.5), Run(Strategy.Threads, 1, 0.25)]);

        Assert.Equal("Threads-2", result.RunId);
        Assert.All(result.GetTaskRecords(), r => Assert.Equal("Threads-2", r.RunId));
        Assert.Equal(0.5, result.TaskMean);
        Assert.Equal(600, result.BytesMoved);
    }

    [Fact]
    public void Sequential_is_the_baseline_with_a_speedup_of_one()
    {
        var results = new[] { StrategyStatistics.Summarize([Run(Strategy.Sequential, 4, 1, cpu: 4)]), StrategyStatistics.Summarize([Run(Strategy.Threads, 2, 1)]) };
        Verdicts.Annotate(results, cores: 2);

        Assert.Equal(1, results[0].Speedup);
        Assert.Equal(2, results[1].Speedup);
        Assert.StartsWith("baseline", results[0].Verdict);
        Assert.True(results[1].Fastest);
        Assert.False(results[0].Fastest);
    }

    [Fact]
    public void Slower_tasks_are_called_contention()
    {
        var results = new[] { StrategyStatistics.Summarize([Run(Strategy.Sequential, 4, 1, cpu: 4)]), StrategyStatistics.Summarize([Run(Strategy.Threads, 4.4, 2.9)]) };
        Verdicts.Annotate(results, cores: 2);

        Assert.Equal("tasks contend: each 2.9× slower than alone", results[1].Verdict);
        Assert.Equal(2.9, results[1].TaskInflation!.Value, 9);
    }

    [Fact]
    public void Time_spent_moving_data_is_called_copying()
    {
        var results = new[] { StrategyStatistics.Summarize([Run(Strategy.Sequential, 4, 1, cpu: 4)]), StrategyStatistics.Summarize([Run(Strategy.Processes, 5, 2, transfer: 1.82)]) };
        Verdicts.Annotate(results, cores: 2);

        Assert.Equal("copying dominates: 91 % of time moved data", results[1].Verdict);
    }

    [Fact]
    public void A_busy_sequential_run_means_cores_were_already_busy()
    {
        var results = new[] { StrategyStatistics.Summarize([Run(Strategy.Sequential, 4, 1, cpu: 7.84)]), StrategyStatistics.Summarize([Run(Strategy.Threads, 3.9, 1.9, cpu: 7.8)]) };
        Verdicts.Annotate(results, cores: 2);

        Assert.Equal("cores already busy: sequential CPU use 98 %", results[1].Verdict);
    }

    [Fact]
    public void Tasks_stopped_by_the_garbage_collector_are_called_that_rather_than_contention()
    {
        var results = new[] { StrategyStatistics.Summarize([Run(Strategy.Sequential, 4, 1, cpu: 4, gcShare: 0.2)]), StrategyStatistics.Summarize([Run(Strategy.Threads, 2.8, 1.4, cpu: 4, gcShare: 0.32)]) };
        Verdicts.Annotate(results, cores: 2);

        Assert.Equal("GC stopped the tasks 32 % of the time", results[1].Verdict);
        Assert.Equal(0.32, results[1].GcPauseShare, 9);
    }

    [Fact]
    public void Garbage_collection_is_not_blamed_when_the_strategy_scales()
    {
        var results = new[] { StrategyStatistics.Summarize([Run(Strategy.Sequential, 4, 1, cpu: 4, gcShare: 0.2)]), StrategyStatistics.Summarize([Run(Strategy.Processes, 2.1, 1.05, cpu: 4, gcShare: 0.2)]) };
        Verdicts.Annotate(results, cores: 2);

        Assert.Equal("scales: 1.9× with 2 workers on 2 cores", results[1].Verdict);
    }

    [Fact]
    public void Near_linear_gain_is_called_scaling()
    {
        var results = new[] { StrategyStatistics.Summarize([Run(Strategy.Sequential, 4, 1, cpu: 4)]), StrategyStatistics.Summarize([Run(Strategy.Threads, 2.1, 1.05, cpu: 4)]) };
        Verdicts.Annotate(results, cores: 2);

        Assert.Equal("scales: 1.9× with 2 workers on 2 cores", results[1].Verdict);
    }

    [Fact]
    public void Failed_tasks_are_named_first_and_never_fastest()
    {
        var failing = Run(Strategy.Threads, 1, 0.2);
        var broken = new RunResult
        {
            RunId = failing.RunId, Workload = failing.Workload, Strategy = failing.Strategy, Workers = 2, ThreadsPerWorker = 1, Tasks = 4, Elapsed = 1, Cores = 2,
            Records = failing.Records.Select(r => new TaskRecord { RunId = r.RunId, Strategy = r.Strategy, TaskId = r.TaskId, End = r.End, Status = r.TaskId == 1 ? TaskState.Failed : TaskState.Completed }).ToArray(),
        };
        var results = new[] { StrategyStatistics.Summarize([Run(Strategy.Sequential, 4, 1, cpu: 4)]), StrategyStatistics.Summarize([broken]) };
        Verdicts.Annotate(results, cores: 2);

        Assert.StartsWith("1 of 4 tasks did not complete", results[1].Verdict);
        Assert.True(results[0].Fastest);
    }
}

public class CpuUtilizationTests
{
    [Fact]
    public void Is_cpu_seconds_over_elapsed_times_cores_and_never_above_one()
    {
        Assert.Equal(0.5, new RunResult { Elapsed = 2, CpuSeconds = 2, Cores = 2 }.CpuUtilization);
        Assert.Equal(1, new RunResult { Elapsed = 1, CpuSeconds = 5, Cores = 2 }.CpuUtilization);
        Assert.Equal(0, new RunResult { Elapsed = 0, CpuSeconds = 5, Cores = 2 }.CpuUtilization);
    }
}
