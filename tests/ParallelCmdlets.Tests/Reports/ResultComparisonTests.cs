using ParallelCmdlets.Measurement;
using ParallelCmdlets.Reports;
using ParallelCmdlets.Tests.Measurement;

namespace ParallelCmdlets.Tests.Reports;

public class ResultComparisonTests
{
    private static readonly EnvironmentInfo Here = EnvironmentInfo.Capture("7.6.9", ".NET 10.0.1", "workstation, non-concurrent");

    /// <summary>A recorded comparison: Sequential, Threads and Processes, each run five times around the given times.</summary>
    private static IReadOnlyList<StrategyResult> Recorded(double sequential, double threads, double processes, double spread, EnvironmentInfo? environment = null) =>
        ParallelCmdlets.Measurement.Comparison.Analyze(
        [
            SyntheticRuns.Measured(Strategy.Sequential, SyntheticRuns.Around(sequential, spread), sequential / 4),
            SyntheticRuns.Measured(Strategy.Threads, SyntheticRuns.Around(threads, spread), sequential / 4),
            SyntheticRuns.Measured(Strategy.Processes, SyntheticRuns.Around(processes, spread), sequential / 4),
        ], 2, environment ?? Here);

    [Fact]
    public void Two_recordings_of_the_same_code_are_the_same_on_every_row()
    {
        // Same typical times, different noise: the second recording's runs spread twice as wide.
        var set = ResultComparer.Compare(Recorded(4, 2.1, 2.3, 0.03), Recorded(4, 2.1, 2.3, 0.06));
        Assert.Equal(3, set.Rows.Count);
        Assert.All(set.Rows, r => Assert.Equal(ResultChange.Same, r.Change));
        Assert.All(set.Rows, r => Assert.False(r.IsRegression));
        Assert.Empty(set.OnlyInBaseline);
        Assert.Empty(set.OnlyInCurrent);
        Assert.Empty(set.EnvironmentDifferences);
    }

    [Fact]
    public void A_baseline_thirty_percent_faster_is_a_significant_slowdown()
    {
        var now = Recorded(4, 2.1, 2.3, 0.03);
        var baseline = Recorded(4 * 0.7, 2.1 * 0.7, 2.3 * 0.7, 0.03);
        var set = ResultComparer.Compare(baseline, now);
        Assert.All(set.Rows, r => Assert.Equal(ResultChange.Slower, r.Change));
        Assert.All(set.Rows, r => Assert.True(r.IsRegression));
        var threads = set.Rows.Single(r => r.Strategy == Strategy.Threads);
        Assert.Equal(1 / 0.7, threads.Ratio, 3);
        Assert.True(threads.RatioLow <= threads.Ratio && threads.Ratio <= threads.RatioHigh);
        Assert.StartsWith("slower: 1.43× the baseline's time", threads.Summary);
    }

    [Fact]
    public void A_change_within_the_tie_threshold_is_the_same_however_consistent()
    {
        var set = ResultComparer.Compare(Recorded(4, 2, 2, 0.001), Recorded(4, 2 * 1.02, 2, 0.001));
        Assert.Equal(ResultChange.Same, set.Rows.Single(r => r.Strategy == Strategy.Threads).Change);
    }

    [Fact]
    public void A_faster_run_is_faster_and_not_a_regression()
    {
        var set = ResultComparer.Compare(Recorded(4, 2, 2.3, 0.02), Recorded(4, 1.4, 2.3, 0.02));
        var threads = set.Rows.Single(r => r.Strategy == Strategy.Threads);
        Assert.Equal(ResultChange.Faster, threads.Change);
        Assert.False(threads.IsRegression);
        Assert.StartsWith("faster: 1.43× as fast", threads.Summary);
    }

    [Fact]
    public void Too_few_runs_are_the_same_and_say_why()
    {
        var baseline = ParallelCmdlets.Measurement.Comparison.Analyze([SyntheticRuns.Measured(Strategy.Threads, [1.0, 1.01], 0.25)], 2, Here);
        var now = ParallelCmdlets.Measurement.Comparison.Analyze([SyntheticRuns.Measured(Strategy.Threads, [2.0, 2.01], 0.25)], 2, Here);
        var row = ResultComparer.Compare(baseline, now).Rows.Single();
        Assert.Equal(ResultChange.Same, row.Change);
        Assert.Contains($"{RunStatistics.RepeatsNeeded} can", row.Summary);
    }

    [Fact]
    public void Rows_match_by_workers_and_the_rest_are_listed_apart()
    {
        var baseline = ParallelCmdlets.Measurement.Comparison.Analyze([SyntheticRuns.Measured(Strategy.Threads, SyntheticRuns.Around(1), 0.25, workers: 2)], 2, Here);
        var now = ParallelCmdlets.Measurement.Comparison.Analyze([SyntheticRuns.Measured(Strategy.Threads, SyntheticRuns.Around(1), 0.25, workers: 3)], 2, Here);
        var set = ResultComparer.Compare(baseline, now);
        Assert.Empty(set.Rows);
        Assert.Single(set.OnlyInBaseline);
        Assert.Single(set.OnlyInCurrent);
    }

    [Fact]
    public void Failed_tasks_leave_a_row_not_judged()
    {
        var baseline = ParallelCmdlets.Measurement.Comparison.Analyze([SyntheticRuns.Measured(Strategy.Threads, SyntheticRuns.Around(1), 0.25)], 2, Here);
        var now = ParallelCmdlets.Measurement.Comparison.Analyze([SyntheticRuns.Measured(Strategy.Threads, SyntheticRuns.Around(3), 0.25, failedInFirst: 1)], 2, Here);
        Assert.Equal(ResultChange.NotJudged, ResultComparer.Compare(baseline, now).Rows.Single().Change);
    }

    [Fact]
    public void Different_environments_are_named_one_by_one()
    {
        var elsewhere = new EnvironmentInfo
        {
            Runtime = ".NET 8.0.1", LogicalCores = Here.LogicalCores * 2, AffinityCores = Here.AffinityCores * 2, CpuModel = Here.CpuModel,
            GcMode = "server, non-concurrent", WorkerRuntime = Here.WorkerRuntime, WorkerGcMode = Here.WorkerGcMode,
            PowerShellVersion = Here.PowerShellVersion, ModuleVersion = "0.0.9",
        };
        var set = ResultComparer.Compare(Recorded(4, 2, 2, 0.02, elsewhere), Recorded(4, 2, 2, 0.02));
        Assert.Equal(4, set.EnvironmentDifferences.Count);
        Assert.Contains(set.EnvironmentDifferences, d => d.StartsWith("runtime: .NET 8.0.1 in the baseline", StringComparison.Ordinal));
        Assert.Contains(set.EnvironmentDifferences, d => d.StartsWith("cores: ", StringComparison.Ordinal));
        Assert.Contains(set.EnvironmentDifferences, d => d.StartsWith("GC: server", StringComparison.Ordinal));
        Assert.Contains(set.EnvironmentDifferences, d => d.StartsWith("ParallelCmdlets: 0.0.9", StringComparison.Ordinal));
    }
}
