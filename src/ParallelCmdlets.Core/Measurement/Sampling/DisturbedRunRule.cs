using System.Globalization;

namespace ParallelCmdlets.Measurement.Sampling;

/// <summary>What took the cores from a disturbed run.</summary>
public enum Disturbance
{
    /// <summary>Other programs on the machine.</summary>
    OtherLoad,

    /// <summary>The .NET runtime compiling code in the processes that ran the tasks: the run was still warming up.</summary>
    Compiling,
}

/// <summary>A timed run set aside because something else took the cores while it ran, and repeated.</summary>
public sealed record DisturbedRun(string RunId, Strategy Strategy, int Round, double Elapsed, double OtherLoad, string Reason)
{
    public Disturbance Cause { get; init; } = Disturbance.OtherLoad;

    /// <summary>The run's time spent compiling as a share of its cores' time (see <see cref="RunResult.CompileShare"/>).</summary>
    public double CompileShare { get; init; }

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
/// Whether a timed run was disturbed and should be run again: the share of the cores that other processes used
/// during the run (recorded per run, see <see cref="RunAccounting"/>) passed <see cref="Threshold"/>, or the runtime
/// spent more than <see cref="CompileThreshold"/> of the cores compiling. At most <see cref="MaximumRepeats"/> runs
/// per strategy are repeated for other load and <see cref="MaximumCompileRepeats"/> for compiling; beyond them a
/// disturbed run is kept and said so.
/// </summary>
public sealed class DisturbedRunRule(double threshold = DisturbedRunRule.DefaultThreshold, int maximumRepeats = DisturbedRunRule.DefaultMaximumRepeats,
    double compileThreshold = DisturbedRunRule.DefaultCompileThreshold, int maximumCompileRepeats = DisturbedRunRule.DefaultMaximumCompileRepeats)
{
    /// <summary>
    /// A third of the cores: twice <see cref="QuietStart.QuietShare"/>, so an idle worker compiling in the
    /// background is not a disturbance, while one other busy program on a two-core machine (half) is.
    /// </summary>
    public const double DefaultThreshold = 0.33;

    /// <summary>Repeats per strategy before a busy machine is measured as it is.</summary>
    public const int DefaultMaximumRepeats = 5;

    /// <summary>
    /// The precision a measurement aims at (±5 %): a run whose compiling took more of its cores than that is off
    /// by about as much. Measured on an empty ScriptBlock, 400 tasks on 2 threads: runs that compiled for a fifth of
    /// their cores' time took 36-56 µs a task, runs that compiled nothing 19-29 µs, in the same pwsh.
    /// </summary>
    public const double DefaultCompileThreshold = 0.05;

    /// <summary>
    /// Repeats per strategy for compiling. More than for other load: a PowerShell engine in a young worker process
    /// still recompiles hot methods after ten runs of 400 tasks, and each repeat is one more run towards its final code.
    /// </summary>
    public const int DefaultMaximumCompileRepeats = 10;

    public double Threshold { get; } = threshold;
    public int MaximumRepeats { get; } = maximumRepeats;
    public double CompileThreshold { get; } = compileThreshold;
    public int MaximumCompileRepeats { get; } = maximumCompileRepeats;

    /// <summary>
    /// The record of a run to repeat, or null when the run stands: undisturbed, load unknown, the cause's bound reached
    /// (counted over <paramref name="repeatedSoFar"/>, the strategy's runs repeated before), or a task failed (its
    /// failure is the finding, already reported; repeating it would report it twice).
    /// </summary>
    /// <param name="compileBaseline">
    /// The least compile time of the strategy's runs so far (warm-ups and kept timed runs), or null not to judge
    /// compiling (a fixed -Warmup asked for exactly its runs). Only compiling beyond it counts: ForEach-Object
    /// -Parallel compiles the block afresh in every run's new runspaces, which is the tool's cost, not warm-up.
    /// </param>
    public DisturbedRun? Judge(RunResult run, int round, IReadOnlyCollection<DisturbedRun> repeatedSoFar, double? compileBaseline = null)
    {
        if (run.FailedTasks > 0) return null;
        var c = CultureInfo.InvariantCulture;
        if (run.OtherLoad is { } load && load >= Threshold && repeatedSoFar.Count(r => r.Cause == Disturbance.OtherLoad) < MaximumRepeats)
            return new DisturbedRun(run.RunId, run.Strategy, round, run.Elapsed, load, string.Create(c,
                $"round {round}: other programs used {load * 100:0} % of the cores (limit {Threshold * 100:0} %) while it took {Reports.TimeFormat.Seconds(run.Elapsed)}; run again"));
        if (compileBaseline is { } baseline && IsCompiling(run, baseline) && repeatedSoFar.Count(r => r.Cause == Disturbance.Compiling) < MaximumCompileRepeats)
            return new DisturbedRun(run.RunId, run.Strategy, round, run.Elapsed, run.OtherLoad ?? 0, string.Create(c,
                $"round {round}: .NET spent {Reports.TimeFormat.Seconds(run.JitSeconds)} compiling ({run.CompileShare * 100:0} % of the cores, limit {CompileThreshold * 100:0} %) while it took {Reports.TimeFormat.Seconds(run.Elapsed)}: still warming up; run again"))
            {
                Cause = Disturbance.Compiling,
                CompileShare = run.CompileShare,
            };
        return null;
    }

    /// <summary>Whether a kept run was itself disturbed by other programs (the bound was reached before a quiet run came).</summary>
    public bool IsDisturbed(RunResult run) => run.OtherLoad is { } load && load >= Threshold;

    /// <summary>
    /// Whether the runtime compiled for <see cref="CompileThreshold"/> of the run's cores or more, beyond
    /// <paramref name="baseline"/> seconds that every run of the strategy compiles.
    /// </summary>
    public bool IsCompiling(RunResult run, double baseline = 0) =>
        run.Elapsed > 0 && run.Cores > 0 && (run.JitSeconds - baseline) / (run.Elapsed * run.Cores) >= CompileThreshold;
}
