namespace ParallelCmdlets.Measurement.Sampling;

/// <summary>
/// When a strategy's warm-up may end: once its run times stop falling and .NET stopped compiling what it runs. A first run that faults in fresh memory
/// (a Transfer run under Threads took 0.7–1.4 s first, 25–50 ms after) sets a low its successors do not beat; two
/// runs in a row no faster than the best before them, beyond <see cref="Tolerance"/>, say the trend is over (one
/// alone is as often a noisy run inside a falling trend: 205, 293, 85, 57, 32 ms). Bounded by
/// <see cref="MaximumRuns"/>: a workload that never settles is measured anyway, and its modes are reported.
/// Times alone stop falling too soon where the runtime still recompiles hot code in the background between noisy
/// runs (a fresh worker process's PowerShell engine: 118, 137, 161, 128 µs a task, then 36 once compiled), so while
/// the share of the cores spent compiling is <see cref="CompileLimit"/> or more and still falling, by the same rule
/// as the times, it is still warm-up. A share that holds (a tool that compiles afresh every run) is the steady cost.
/// </summary>
public sealed class WarmupRule(int minimumRuns = WarmupRule.DefaultMinimumRuns, int maximumRuns = WarmupRule.DefaultMaximumRuns,
    double compileLimit = DisturbedRunRule.DefaultCompileThreshold)
{
    /// <summary>Two: a trend needs a run to compare with.</summary>
    public const int DefaultMinimumRuns = 2;

    /// <summary>BenchmarkDotNet's automatic warm-up stops at 50 iterations of microseconds; ours are whole batches.</summary>
    public const int DefaultMaximumRuns = 10;

    /// <summary>How many runs in a row must fail to beat the best before them for the trend to be over.</summary>
    public const int Patience = 2;

    /// <summary>A run faster than every earlier one by more than this share is still part of a falling trend.</summary>
    public const double Tolerance = 0.10;

    public int MinimumRuns { get; } = Math.Max(0, minimumRuns);
    public int MaximumRuns { get; } = Math.Max(Math.Max(0, minimumRuns), maximumRuns);

    /// <summary>The share of a run's cores spent compiling at which it is still warm-up (see <see cref="RunResult.CompileShare"/>).</summary>
    public double CompileLimit { get; } = compileLimit;

    /// <summary>A warm-up of exactly <paramref name="runs"/> runs, as -Warmup N asks.</summary>
    public static WarmupRule Fixed(int runs) => new(runs, runs);

    public bool IsFixed => MinimumRuns == MaximumRuns;

    /// <summary>
    /// Whether another warm-up run is needed after <paramref name="elapsed"/> (the warm-ups so far, in order), whose
    /// share of the cores spent compiling was <paramref name="compileShares"/> (same order; none when not known).
    /// </summary>
    public bool NeedsMore(IReadOnlyList<double> elapsed, IReadOnlyList<double>? compileShares = null)
    {
        if (elapsed.Count < MinimumRuns) return true;
        if (elapsed.Count >= MaximumRuns || IsFixed) return false;
        return IsFalling(elapsed) || compileShares is { Count: > 0 } && compileShares[^1] >= CompileLimit && IsFalling(compileShares);
    }

    /// <summary>One of the last <see cref="Patience"/> runs beat every run before it by more than <see cref="Tolerance"/>.</summary>
    public static bool IsFalling(IReadOnlyList<double> elapsed)
    {
        if (elapsed.Count <= Patience) return true;
        for (var last = elapsed.Count - Patience; last < elapsed.Count; last++)
        {
            var bestBefore = elapsed.Take(last).Min();
            if (elapsed[last] < bestBefore * (1 - Tolerance)) return true;
        }
        return false;
    }
}
