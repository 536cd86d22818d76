namespace ParallelCmdlets.Measurement;

/// <summary>
/// Keeps an experiment within a time budget. The first round is the pilot: while it runs, no single run may
/// take longer than the whole budget allows for the fewest rounds that can still name a winner; after it, the
/// remaining rounds are projected from it, and the repeats are cut to what fits, never below what the
/// significance test needs. An experiment that cannot fit even then is refused with its estimate.
/// </summary>
public sealed class TimeBudget(double maxSeconds)
{
    public double MaxSeconds { get; } = maxSeconds;

    /// <summary>Rounds the smallest honest experiment has: the pilot and the repeats the test needs.</summary>
    public static int MinimumRounds(int warmup) => Math.Max(1, warmup) + RunStatistics.RepeatsNeeded - (warmup == 0 ? 1 : 0);

    /// <summary>The longest one pilot run may take: beyond it, that strategy's runs alone would fill the smallest experiment's budget.</summary>
    public double PilotRunLimit(int warmup) => MaxSeconds / MinimumRounds(warmup);

    /// <summary>
    /// The timed repeats to run, given the pilot: all that were asked if they fit, fewer if not (at least the
    /// test's minimum), or null when even that minimum would pass the budget.
    /// </summary>
    /// <param name="spentSeconds">Time used so far: pool start-up and the pilot round.</param>
    /// <param name="roundSeconds">What one round (every strategy once) took in the pilot.</param>
    /// <param name="timedDone">Timed rounds already run (1 when the pilot was timed, there being no warm-up).</param>
    public int? RepeatsThatFit(double spentSeconds, double roundSeconds, int repeat, int remainingWarmups, int timedDone)
    {
        var projected = spentSeconds + (remainingWarmups + repeat - timedDone) * roundSeconds;
        if (projected <= MaxSeconds) return repeat;
        var affordable = timedDone + (int)Math.Floor((MaxSeconds - spentSeconds) / Math.Max(roundSeconds, 1e-9)) - remainingWarmups;
        return affordable >= RunStatistics.RepeatsNeeded ? Math.Min(repeat, affordable) : null;
    }

    /// <summary>
    /// Whether one more warm-up round still leaves room for <paramref name="timedRounds"/> timed ones: a warm-up
    /// that runs until steady may not eat the timed runs the pilot found room for.
    /// </summary>
    /// <param name="roundSeconds">What one round of every strategy took (the first warm-up round).</param>
    public bool AllowsAnotherWarmup(double spentSeconds, double roundSeconds, int timedRounds) =>
        spentSeconds + (1 + timedRounds) * roundSeconds <= MaxSeconds;

    /// <summary>The least the experiment would take with the test's minimum of repeats.</summary>
    public static double MinimumSeconds(double spentSeconds, double roundSeconds, int remainingWarmups, int timedDone) =>
        spentSeconds + (remainingWarmups + Math.Max(0, RunStatistics.RepeatsNeeded - timedDone)) * roundSeconds;
}

/// <summary>An experiment that would pass its time budget, refused with what it would take.</summary>
public sealed class OverBudgetException(string message, double estimatedSeconds) : Exception(message)
{
    public double EstimatedSeconds { get; } = estimatedSeconds;
}
