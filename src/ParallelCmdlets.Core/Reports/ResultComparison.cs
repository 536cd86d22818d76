using System.Globalization;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Reports;

/// <summary>What happened to one row between a baseline and a current set of results.</summary>
public enum ResultChange
{
    /// <summary>Within noise, or within the tie threshold: no change.</summary>
    Same,
    /// <summary>Significantly faster than the baseline, by more than the tie threshold.</summary>
    Faster,
    /// <summary>Significantly slower than the baseline, by more than the tie threshold: a regression.</summary>
    Slower,
    /// <summary>Not judged: a side had failed tasks, so its time does not stand for the work.</summary>
    NotJudged,
}

/// <summary>
/// One row measured twice, before and after, as pyperf's compare_to and BenchmarkDotNet's results comparer set
/// them side by side: the two typical times, their ratio with its interval, and whether the runs differ by the
/// same test and threshold a comparison uses to name a winner (so a difference within noise is Same). Times are seconds.
/// </summary>
public sealed class ResultComparison
{
    public string Workload { get; init; } = "";
    public long Size { get; init; }
    public string SizeUnit { get; init; } = "";
    public Strategy Strategy { get; init; }
    public TransferMode TransferMode { get; init; }

    /// <summary>A PowerShell tool's fixed form (its block with a scope of its own), compared with that row only.</summary>
    public bool Wrapped { get; init; }
    public int Workers { get; init; }
    public int ThreadsPerWorker { get; init; }
    public string GcMode { get; init; } = "";

    /// <summary>Each side's headline: the mean of its timed runs.</summary>
    public double BaselineElapsed { get; init; }
    public double CurrentElapsed { get; init; }

    /// <summary>Current's typical time over the baseline's: above 1 is slower. Its interval at <see cref="ConfidenceLevel"/>.</summary>
    public double Ratio { get; init; }
    public double? RatioLow { get; init; }
    public double? RatioHigh { get; init; }
    public double ConfidenceLevel { get; init; } = RunStatistics.ConfidenceLevel;

    public ResultChange Change { get; init; }

    /// <summary>A significant slowdown: what -FailOnRegression fails on.</summary>
    public bool IsRegression => Change == ResultChange.Slower;

    public int BaselineRuns { get; init; }
    public int CurrentRuns { get; init; }

    /// <summary>One sentence on the change, with its figure and why it was judged so.</summary>
    public string Summary { get; init; } = "";

    /// <summary>How the two sides' environments differ (runtime, cores, GC, module version), separated by <see cref="StrategyResult.WarningSeparator"/>; empty when they match.</summary>
    public string EnvironmentDifferences { get; init; } = "";

    public StrategyResult? Baseline { get; init; }
    public StrategyResult? Current { get; init; }

    public override string ToString() => $"{Workload} {TransferModes.Name(Strategy, TransferMode, Wrapped)} ×{Workers}: {Change}";
}

/// <summary>Every matched row, and what could not be matched, of one comparison of two result sets.</summary>
public sealed record ResultComparisonSet(
    IReadOnlyList<ResultComparison> Rows,
    IReadOnlyList<StrategyResult> OnlyInBaseline,
    IReadOnlyList<StrategyResult> OnlyInCurrent,
    IReadOnlyList<string> EnvironmentDifferences);

/// <summary>Matches two sets of results row by row and judges each change with <see cref="RunStatistics.Compare"/>.</summary>
public static class ResultComparer
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Rows match by workload, size, strategy, workers, threads per worker and transfer mode; where one side holds
    /// several such rows (a GC sweep), by GC mode too, then in order.
    /// </summary>
    public static ResultComparisonSet Compare(IReadOnlyList<StrategyResult> baseline, IReadOnlyList<StrategyResult> current)
    {
        var unmatched = baseline.ToList();
        var rows = new List<ResultComparison>();
        var onlyInCurrent = new List<StrategyResult>();
        foreach (var now in current)
        {
            var candidates = unmatched.Where(b => Key(b) == Key(now)).ToList();
            var before = candidates.FirstOrDefault(b => b.GcMode == now.GcMode) ?? candidates.FirstOrDefault();
            if (before is null)
            {
                onlyInCurrent.Add(now);
                continue;
            }
            unmatched.Remove(before);
            rows.Add(Judge(before, now));
        }
        var differences = rows.SelectMany(r => r.EnvironmentDifferences.Split(StrategyResult.WarningSeparator, StringSplitOptions.RemoveEmptyEntries))
            .Distinct().ToList();
        return new ResultComparisonSet(rows, unmatched, onlyInCurrent, differences);
    }

    private static (string, long, Strategy, int, int, TransferMode, bool) Key(StrategyResult r) =>
        (r.Workload, r.Size, r.Strategy, r.Workers, r.ThreadsPerWorker, r.TransferMode, r.Wrapped);

    /// <summary>One row before and after.</summary>
    public static ResultComparison Judge(StrategyResult baseline, StrategyResult current)
    {
        var before = baseline.Runs.Select(r => r.Elapsed).ToArray();
        var after = current.Runs.Select(r => r.Elapsed).ToArray();
        // A result without its runs (a CSV row) still has its typical time; the ratio then has no interval.
        if (before.Length == 0) before = [baseline.Elapsed];
        if (after.Length == 0) after = [current.Elapsed];
        var (ratio, low, high) = RunStatistics.Ratio(after, before);
        var failed = baseline.FailedTasks > 0 || current.FailedTasks > 0;
        var change = failed ? ResultChange.NotJudged : RunStatistics.Compare(after, before) switch
        {
            Difference.Slower => ResultChange.Slower,
            Difference.Faster => ResultChange.Faster,
            _ => ResultChange.Same,
        };
        return new ResultComparison
        {
            Workload = current.Workload,
            Size = current.Size,
            SizeUnit = current.SizeUnit,
            Strategy = current.Strategy,
            TransferMode = current.TransferMode,
            Wrapped = current.Wrapped,
            Workers = current.Workers,
            ThreadsPerWorker = current.ThreadsPerWorker,
            GcMode = current.GcMode,
            BaselineElapsed = baseline.Elapsed,
            CurrentElapsed = current.Elapsed,
            Ratio = ratio,
            RatioLow = low,
            RatioHigh = high,
            Change = change,
            BaselineRuns = before.Length,
            CurrentRuns = after.Length,
            Summary = Describe(change, ratio, low, high, Math.Min(before.Length, after.Length), failed),
            EnvironmentDifferences = string.Join(StrategyResult.WarningSeparator, EnvironmentDifferences(baseline.Environment, current.Environment)),
            Baseline = baseline,
            Current = current,
        };
    }

    private static string Describe(ResultChange change, double ratio, double? low, double? high, int runs, bool failed)
    {
        var interval = low is { } l && high is { } h ? $" ({F(l)}–{F(h)})" : "";
        var figure = ratio >= 1 ? $"{F(ratio)}× the baseline's time{interval}" : $"{F(1 / ratio)}× as fast{(low is { } lo && high is { } hi ? $" ({F(1 / hi)}–{F(1 / lo)})" : "")}";
        var threshold = (RunStatistics.TieThreshold * 100).ToString("0.##", Invariant);
        return change switch
        {
            ResultChange.NotJudged => $"not judged: failed tasks on a side, so its time does not stand for the work ({figure})",
            ResultChange.Slower => $"slower: {figure}, significant (Mann–Whitney, {RunStatistics.ConfidenceLevel * 100:0} %) and beyond {threshold} %",
            ResultChange.Faster => $"faster: {figure}, significant (Mann–Whitney, {RunStatistics.ConfidenceLevel * 100:0} %) and beyond {threshold} %",
            _ when runs < RunStatistics.RepeatsNeeded => $"same: {figure}; {runs} run(s) a side cannot tell a change from noise, {RunStatistics.RepeatsNeeded} can",
            _ => $"same: {figure}, within noise or within {threshold} %",
        };
    }

    /// <summary>What differs between two environments that can move a time: runtime, cores, GC, CPU, PowerShell and module versions.</summary>
    public static IReadOnlyList<string> EnvironmentDifferences(EnvironmentInfo? baseline, EnvironmentInfo? current)
    {
        if (baseline is null || current is null) return [];
        var differences = new List<string>();
        void Check(string what, string before, string after)
        {
            if (before != after) differences.Add($"{what}: {(before.Length > 0 ? before : "none")} in the baseline, {(after.Length > 0 ? after : "none")} now");
        }
        Check("runtime", baseline.Runtime, current.Runtime);
        Check("worker runtime", baseline.WorkerRuntime, current.WorkerRuntime);
        Check("cores", $"{baseline.LogicalCores} ({baseline.AffinityCores} usable)", $"{current.LogicalCores} ({current.AffinityCores} usable)");
        Check("CPU", baseline.CpuModel, current.CpuModel);
        Check("GC", baseline.GcMode, current.GcMode);
        Check("worker GC", baseline.WorkerGcMode, current.WorkerGcMode);
        Check("PowerShell", baseline.PowerShellVersion, current.PowerShellVersion);
        Check("ParallelCmdlets", baseline.ModuleVersion, current.ModuleVersion);
        return differences;
    }

    private static string F(double value) => value.ToString(value >= 10 ? "0.0" : "0.00", Invariant);
}
