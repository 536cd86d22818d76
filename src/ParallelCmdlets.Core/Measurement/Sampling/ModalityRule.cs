using System.Globalization;
using Perfolizer.Mathematics.Multimodality;
using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Measurement.Sampling;

/// <summary>Runs that fall in separate groups, and what the module recorded that tells the groups apart.</summary>
public sealed record Modes(int Count, IReadOnlyList<RunResult> Fast, IReadOnlyList<RunResult> Slow, double MValue, string Explanation);

/// <summary>
/// Whether a strategy's run times fall in several groups (modes), as BenchmarkDotNet's MultimodalDistributionAnalyzer
/// warns from Perfolizer's mValue; with the few runs of a batch measurement the mValue cannot see two groups (it
/// reads 2 for five runs of 25 ms and 1.3 s), so a gap between consecutive sorted runs wider than
/// <see cref="Thresholds.ModeGapRatio"/>, with at least <see cref="Thresholds.MinimumModeRuns"/> runs on each side,
/// counts too. The groups are then explained from each run's own records: collections per generation and their pause
/// (parent and workers), the first timed round, and the other programs' load.
/// </summary>
public static class ModalityRule
{
    /// <summary>The modes of these runs, or null when they form one group.</summary>
    public static Modes? Detect(IReadOnlyList<RunResult> runs)
    {
        if (runs.Count < 2 * Thresholds.MinimumModeRuns) return null;
        var sorted = runs.Where(r => r.Elapsed > 0).OrderBy(r => r.Elapsed).ToArray();
        if (sorted.Length < 2 * Thresholds.MinimumModeRuns) return null;
        var mValue = MValueCalculator.Calculate(sorted.Select(r => r.Elapsed).ToArray());
        // The widest gap between neighbours, on the ratio scale, leaving two runs or more on each side.
        var split = -1;
        var widest = 1.0;
        for (var i = Thresholds.MinimumModeRuns; i <= sorted.Length - Thresholds.MinimumModeRuns; i++)
        {
            var ratio = sorted[i].Elapsed / sorted[i - 1].Elapsed;
            if (ratio > widest) (widest, split) = (ratio, i);
        }
        if (split < 0 || (widest < Thresholds.ModeGapRatio && mValue <= Thresholds.MValue)) return null;
        var fast = sorted[..split];
        var slow = sorted[split..];
        return new Modes(2, fast, slow, mValue, Explain(fast, slow));
    }

    /// <summary>"runs fall in two groups, 25–50 ms (3) and 0.27–1.3 s (2); the slow ones spent 0.2–1.2 s in collections (gen2: 1–3) ..."</summary>
    private static string Explain(IReadOnlyList<RunResult> fast, IReadOnlyList<RunResult> slow)
    {
        var text = $"runs fall in two groups, {Range(fast.Select(r => r.Elapsed))} ({fast.Count}) and {Range(slow.Select(r => r.Elapsed))} ({slow.Count})";
        var reasons = new List<string>();
        double Pause(RunResult r) => r.GcPauseSeconds + (r.Strategy.RunsInWorkerProcesses() ? r.ParentGcPauseSeconds : 0);
        int Gen2(RunResult r) => r.Collections.Gen2 + (r.Strategy.RunsInWorkerProcesses() ? r.ParentCollections.Gen2 : 0);
        int Gen1(RunResult r) => r.Collections.Gen1 + (r.Strategy.RunsInWorkerProcesses() ? r.ParentCollections.Gen1 : 0);
        var slowPause = slow.Average(Pause);
        var fastPause = fast.Average(Pause);
        var slowGap = slow.Average(r => r.Elapsed) - fast.Average(r => r.Elapsed);
        // Collections explain the slow group when they paused it for a fair share of the time it lost.
        if (slowPause - fastPause > Thresholds.ModeGapExplainedByPauses * slowGap || slow.Average(Gen2) > fast.Average(Gen2) + Thresholds.ModeGen2Difference)
            reasons.Add($"the slow ones spent {Range(slow.Select(Pause))} in collections (gen2: {IntRange(slow.Select(Gen2))}, gen1: {IntRange(slow.Select(Gen1))}), the fast ones {Range(fast.Select(Pause))} (gen2: {IntRange(fast.Select(Gen2))})");
        var firstRound = slow.Where(r => r.Round == 1).ToList();
        if (firstRound.Count > 0 && fast.All(r => r.Round != 1))
            reasons.Add("the first timed round is among the slow ones (a first-run effect the warm-up did not remove)");
        var slowLoad = slow.Where(r => r.OtherLoad is not null).Select(r => r.OtherLoad!.Value).DefaultIfEmpty().Average();
        var fastLoad = fast.Where(r => r.OtherLoad is not null).Select(r => r.OtherLoad!.Value).DefaultIfEmpty().Average();
        if (slowLoad - fastLoad >= Thresholds.ModeLoadDifference)
            reasons.Add(FormattableString.Invariant($"other programs used {slowLoad * 100:0} % of the cores during the slow ones, {fastLoad * 100:0} % during the fast"));
        if (reasons.Count == 0) reasons.Add("neither collections, the first round nor other load tells them apart");
        return text + "; " + string.Join("; ", reasons) + ". The mean counts both; more runs weigh them as they come";
    }

    private static string Range(IEnumerable<double> seconds)
    {
        var values = seconds.ToArray();
        var (low, high) = (values.Min(), values.Max());
        return low == high ? TimeFormat.Seconds(low) : $"{TimeFormat.Seconds(low)}–{TimeFormat.Seconds(high)}";
    }

    private static string IntRange(IEnumerable<int> counts)
    {
        var values = counts.ToArray();
        var (low, high) = (values.Min(), values.Max());
        return low == high ? low.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{low}–{high}");
    }
}
