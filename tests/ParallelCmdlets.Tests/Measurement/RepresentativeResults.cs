using ParallelCmdlets.Measurement;
using static ParallelCmdlets.Tests.Measurement.SyntheticRuns;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>
/// Rows of hand-made comparisons whose verdicts and warnings between them touch most rules: a superlinear row, a
/// tie, failed tasks, noisy short tasks with an outlier, GC advice, too few repeats, a comparison that did not
/// settle, another GC and a busy machine. <see cref="VerdictTextTests"/> holds what each read before conclusions.
/// </summary>
internal static class RepresentativeResults
{
    private static MeasuredStrategy Baseline(double elapsed = 4, double task = 1, double cpuPerTask = 1, double gcShare = 0) =>
        Measured(Strategy.Sequential, Around(elapsed), task, cpuPerTask: cpuPerTask, gcShare: gcShare);

    public static readonly IReadOnlyDictionary<string, Func<StrategyResult>> Rows = new Dictionary<string, Func<StrategyResult>>
    {
        ["superlinear Threads"] = () => Analyze(Baseline(5.6, 1.4), Measured(Strategy.Threads, Around(2.0), 1.0)).Row(Strategy.Threads),
        ["tied Threads"] = () => Analyze(Baseline(8, 0.5, cpuPerTask: 0.01), Measured(Strategy.Threads, Around(4.0), 0.5, cpuPerTask: 0.01),
            Measured(Strategy.Processes, Around(4.01), 0.5, cpuPerTask: 0.01)).Row(Strategy.Threads),
        ["failed Threads"] = () => Analyze(Baseline(), Measured(Strategy.Threads, [9.0, 2.0, 2.1, 1.9, 2.05], 0.5, failedInFirst: 2)).Row(Strategy.Threads),
        ["baseline beside failed Threads"] = () => Analyze(Baseline(), Measured(Strategy.Threads, [9.0, 2.0, 2.1, 1.9, 2.05], 0.5, failedInFirst: 2)).Row(Strategy.Sequential),
        ["noisy short Threads alone"] = () => Analyze(Measured(Strategy.Threads, [0.010, 0.011, 0.009, 0.010, 0.030], 0.0002)).Single(),
        ["Threads stopped by the GC"] = () => Analyze(Baseline(gcShare: 0.2), Measured(Strategy.Threads, Around(2.8), 1.4, gcShare: 0.32)).Row(Strategy.Threads),
        ["Threads with three repeats"] = () => Analyze(Measured(Strategy.Sequential, [4.0, 4.1, 3.9], 1), Measured(Strategy.Threads, [2.0, 2.1, 1.9], 0.5)).Row(Strategy.Threads),
        ["unsettled Threads"] = () => Analyze(Measured(Strategy.Sequential, [1.0, 3.0, 0.5, 4.0, 2.0], 0.25), Measured(Strategy.Threads, [0.5, 2.0, 0.3, 3.0, 1.0], 0.125))
            .Row(Strategy.Threads),
        ["Processes under server GC"] = () => Analyze(Baseline(), Measured(Strategy.Processes, Around(2), 1, gcMode: "server, concurrent")).Row(Strategy.Processes),
        ["Threads on a busy machine"] = () => Analyze(Baseline(), Measured(Strategy.Threads, Around(3.6), 1.7, otherLoad: 0.45)).Row(Strategy.Threads),
    };
}
