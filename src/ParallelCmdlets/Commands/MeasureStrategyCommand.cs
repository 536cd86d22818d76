using System.Management.Automation;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Measures one strategy, or several side by side (interleaved as Compare-Strategy does, without adding a
/// Sequential baseline), over repeated runs summarised by their mean.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "Strategy", DefaultParameterSetName = WorkloadSet)]
[OutputType(typeof(StrategyResult))]
public sealed class MeasureStrategyCommand : SingleRunCommandBase
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StrategyCompleter))]
    public string[] Strategy { get; set; } = ["Threads"];

    /// <summary>Timed runs of every strategy, fixed; left out, rounds go on until every mean is within -Precision and the decision holds.</summary>
    [Parameter]
    public int Repeat { get; set; } = RepeatValidation.DefaultRepeat;

    /// <summary>The half-width of every mean's 95 % interval to reach, relative to the mean (0.05: ±5 %); used when -Repeat is left out.</summary>
    [Parameter]
    [ValidateRange(0.001, 1.0)]
    public double Precision { get; set; } = Measurement.Sampling.StoppingRule.DefaultPrecision;

    /// <summary>Untimed runs first, fixed; left out, each strategy warms up until its runs stop falling.</summary>
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
        var request = BuildRequest(keepOutput: false);
        WriteResults(Compare(request, RequestedStrategies, RepeatValidation.Sampling(this, Repeat, Warmup, Precision), MaxSeconds,
            $"Measure-Strategy {request.Info.Name} ({string.Join(", ", RequestedStrategies)})"), MeasuredViewTypeName);
    }
}

internal static class RepeatValidation
{
    /// <summary>
    /// With -Repeat given but no count (Measure-Scaling's default): five timed runs, one more than the Mann–Whitney test needs to name a winner at 95 % (four), so a single
    /// disturbed run cannot turn a clear difference into a tie.
    /// </summary>
    public const int DefaultRepeat = 5;

    /// <summary>
    /// Five minutes: the default comparison of every built-in workload takes one to two minutes on two cores, and
    /// on a big machine a lock convoy (LockedLoop on 64 threads) is cut or refused instead of running for an hour.
    /// </summary>
    public const double DefaultMaxSeconds = 300;

    /// <summary>What -Repeat, -Warmup and -Precision ask: each count fixed when given, else measured until steady and known.</summary>
    public static Measurement.SamplingPlan Sampling(PSCmdlet cmdlet, int repeat, int warmup, double precision)
    {
        var bound = cmdlet.MyInvocation.BoundParameters;
        return new Measurement.SamplingPlan
        {
            Repeat = bound.ContainsKey("Repeat") ? repeat : null,
            Warmup = bound.ContainsKey("Warmup") ? warmup : null,
            Precision = precision,
        };
    }

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
