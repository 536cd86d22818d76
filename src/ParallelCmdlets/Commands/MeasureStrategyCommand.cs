using System.Management.Automation;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Measures one strategy, or several side by side (interleaved as Compare-Strategy does, without adding a
/// Sequential baseline), over repeated runs summarised by their lower median.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "Strategy", DefaultParameterSetName = WorkloadSet)]
[OutputType(typeof(StrategyResult))]
public sealed class MeasureStrategyCommand : SingleRunCommandBase
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StrategyCompleter))]
    public string[] Strategy { get; set; } = ["Threads"];

    /// <summary>Timed runs; the result is their lower median.</summary>
    [Parameter]
    public int Repeat { get; set; } = RepeatValidation.DefaultRepeat;

    /// <summary>Untimed runs first, so JIT and caches are warm.</summary>
    [Parameter]
    public int Warmup { get; set; } = 1;

    /// <summary>How data reaches worker processes: Copy (the socket) or SharedMemory; both give a Processes row each.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public TransferMode[] TransferMode { get; set; } = [ParallelCmdlets.TransferMode.Copy];

    protected override IReadOnlyList<TransferMode> TransferModesAsked => TransferMode;

    /// <summary>The most the whole measurement may take; a pilot round cuts the repeats to fit, or refuses with its estimate.</summary>
    [Parameter]
    [ValidateRange(1, double.MaxValue)]
    public double MaxSeconds { get; set; } = RepeatValidation.DefaultMaxSeconds;

    /// <summary>The type name that selects the view of a measurement (the spread of its runs) over that of a comparison.</summary>
    public const string MeasuredViewTypeName = "ParallelCmdlets.StrategyResult#Measured";

    protected override IReadOnlyList<Strategy> RequestedStrategies => StrategyNames.Parse(this, Strategy);

    protected override void ProcessRecord()
    {
        RepeatValidation.Check(this, Repeat, Warmup);
        var plan = BuildPlan(keepOutput: false);
        WriteResults(Compare(plan, RequestedStrategies, Repeat, Warmup, MaxSeconds,
            $"Measure-Strategy {plan.Info.Name} ({string.Join(", ", RequestedStrategies)})"), MeasuredViewTypeName);
    }
}

internal static class RepeatValidation
{
    /// <summary>
    /// Five timed runs: one more than the Mann–Whitney test needs to name a winner at 95 % (four), so a single
    /// disturbed run cannot turn a clear difference into a tie.
    /// </summary>
    public const int DefaultRepeat = 5;

    /// <summary>
    /// Five minutes: the default comparison of every built-in workload takes one to two minutes on two cores, and
    /// on a big machine a lock convoy (LockedLoop on 64 threads) is cut or refused instead of running for an hour.
    /// </summary>
    public const double DefaultMaxSeconds = 300;

    public static void Check(PSCmdlet cmdlet, int repeat, int warmup)
    {
        if (repeat < 1)
            cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Repeat must be at least 1; it was {repeat}."),
                ErrorIds.RepeatOutOfRange, ErrorCategory.InvalidArgument, repeat));
        if (warmup < 0)
            cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Warmup must be 0 or more; it was {warmup}."),
                ErrorIds.WarmupOutOfRange, ErrorCategory.InvalidArgument, warmup));
    }
}
