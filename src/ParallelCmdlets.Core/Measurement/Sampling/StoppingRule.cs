namespace ParallelCmdlets.Measurement.Sampling;

/// <summary>Why the timed rounds ended.</summary>
public enum StopReason
{
    /// <summary>Not stopped yet.</summary>
    None,
    /// <summary>-Repeat fixed the count.</summary>
    FixedCount,
    /// <summary>Every headline within the precision target and the decisions unchanged.</summary>
    PrecisionReached,
    /// <summary>The round limit came first.</summary>
    RoundLimit,
    /// <summary>Another round would have passed -MaxSeconds.</summary>
    TimeBudget,
    /// <summary>Every strategy stopped after a run whose tasks all failed: nothing was left to measure.</summary>
    EveryStrategyFailed,
}

/// <summary>
/// When adaptive measurement may stop, as BenchmarkDotNet keeps iterating until its confidence margin is small:
/// after at least <see cref="MinimumRounds"/> rounds, when every strategy's mean has a 95 % interval within
/// <see cref="Precision"/> of it and the decision (winner or tie) has been the same for <see cref="StableRounds"/>
/// rounds; or when the next round would pass the time budget (never before the runs a winner needs), or at
/// <see cref="MaximumRounds"/>. Time is given,
/// not read: the rule is tested without a clock.
/// </summary>
public sealed class StoppingRule(double precision = StoppingRule.DefaultPrecision, int maximumRounds = StoppingRule.DefaultMaximumRounds, double? maxSeconds = null)
{
    /// <summary>±5 %: close enough to rank strategies whose difference passes <see cref="RunStatistics.TieThreshold"/>.</summary>
    public const double DefaultPrecision = 0.05;

    /// <summary>Rounds at most: 30 batches of every strategy, as hyperfine's and BenchmarkDotNet's bounds are in tens.</summary>
    public const int DefaultMaximumRounds = 30;

    /// <summary>Rounds in a row the decision must not change before it counts as known.</summary>
    public const int StableRounds = 3;

    public double Precision { get; } = precision;
    public int MaximumRounds { get; } = Math.Max(MinimumRounds, maximumRounds);
    public double? MaxSeconds { get; } = maxSeconds;

    /// <summary>The fewest rounds that can name a winner at all (the test's minimum), and the fewest the interval is worth reading on.</summary>
    public static int MinimumRounds => Math.Max(RunStatistics.RepeatsNeeded, StableRounds + 1);

    /// <param name="elapsed">Each strategy still measured: its timed runs' elapsed seconds so far.</param>
    /// <param name="decisions">The decision after each timed round so far, oldest first (for example "Threads" or "tie: Threads, Processes").</param>
    /// <param name="spentSeconds">Seconds the whole measurement has taken so far.</param>
    /// <param name="roundSeconds">What the last round took: the next is expected to take as long.</param>
    public StopReason Decide(IReadOnlyList<IReadOnlyList<double>> elapsed, IReadOnlyList<string> decisions, double spentSeconds, double roundSeconds)
    {
        var rounds = elapsed.Count == 0 ? 0 : elapsed.Min(e => e.Count);
        // The budget never cuts below the runs the test needs: the pilot only went on because they fit.
        if (MaxSeconds is { } max && spentSeconds + roundSeconds > max && rounds >= RunStatistics.RepeatsNeeded) return StopReason.TimeBudget;
        if (rounds >= MaximumRounds) return StopReason.RoundLimit;
        if (rounds < MinimumRounds) return StopReason.None;
        return elapsed.All(e => MeanEstimate.Of(e).Precision <= Precision) && DecisionsSettled(decisions) ? StopReason.PrecisionReached : StopReason.None;
    }

    /// <summary>The last <see cref="StableRounds"/> decisions are the same.</summary>
    public static bool DecisionsSettled(IReadOnlyList<string> decisions) =>
        decisions.Count >= StableRounds && decisions.Skip(decisions.Count - StableRounds).Distinct(StringComparer.Ordinal).Count() == 1;
}
