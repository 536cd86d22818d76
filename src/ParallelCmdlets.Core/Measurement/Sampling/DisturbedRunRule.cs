using System.Globalization;

namespace ParallelCmdlets.Measurement.Sampling;

/// <summary>A timed run set aside because other programs took the cores while it ran, and repeated.</summary>
public sealed record DisturbedRun(string RunId, Strategy Strategy, int Round, double Elapsed, double OtherLoad, string Reason)
{
    public override string ToString() => Reason;
}

/// <summary>Disturbed runs; reads as how many, so an Export-Csv column stays one short cell.</summary>
public sealed class DisturbedRunList(IReadOnlyList<DisturbedRun> runs) : IReadOnlyList<DisturbedRun>
{
    public DisturbedRun this[int index] => runs[index];
    public int Count => runs.Count;
    public IEnumerator<DisturbedRun> GetEnumerator() => runs.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    public override string ToString() => runs.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{runs.Count} repeated");
}

/// <summary>
/// Whether a timed run was disturbed by other load and should be run again: the share of the cores that other
/// processes used during the run (recorded per run, see <see cref="RunAccounting"/>) passed <see cref="Threshold"/>.
/// At most <see cref="MaximumRepeats"/> per strategy are repeated; beyond them a disturbed run is kept and said so.
/// </summary>
public sealed class DisturbedRunRule(double threshold = DisturbedRunRule.DefaultThreshold, int maximumRepeats = DisturbedRunRule.DefaultMaximumRepeats)
{
    /// <summary>
    /// A third of the cores: twice <see cref="QuietStart.QuietShare"/>, so an idle worker compiling in the
    /// background is not a disturbance, while one other busy program on a two-core machine (half) is.
    /// </summary>
    public const double DefaultThreshold = 0.33;

    /// <summary>Repeats per strategy before a busy machine is measured as it is.</summary>
    public const int DefaultMaximumRepeats = 5;

    public double Threshold { get; } = threshold;
    public int MaximumRepeats { get; } = maximumRepeats;

    /// <summary>
    /// The record of a run to repeat, or null when the run stands: quiet, load unknown, the bound reached, or a
    /// task failed (its failure is the finding, already reported; repeating it would report it twice).
    /// </summary>
    public DisturbedRun? Judge(RunResult run, int round, int repeatedSoFar)
    {
        if (run.OtherLoad is not { } load || load < Threshold || repeatedSoFar >= MaximumRepeats || run.FailedTasks > 0) return null;
        return new DisturbedRun(run.RunId, run.Strategy, round, run.Elapsed, load, string.Create(CultureInfo.InvariantCulture,
            $"round {round}: other programs used {load * 100:0} % of the cores (limit {Threshold * 100:0} %) while it took {Reports.TimeFormat.Seconds(run.Elapsed)}; run again"));
    }

    /// <summary>Whether a kept run was itself disturbed (the bound was reached before a quiet run came).</summary>
    public bool IsDisturbed(RunResult run) => run.OtherLoad is { } load && load >= Threshold;
}
