using System.Management.Automation;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Measures the same tasks under several strategies (Sequential always included as the baseline), interleaved
/// in rotating order, and says which was fastest, by how much with what certainty, and why.
/// </summary>
[Cmdlet(VerbsData.Compare, "Strategy", DefaultParameterSetName = WorkloadSet)]
[OutputType(typeof(StrategyResult))]
public sealed class CompareStrategyCommand : SingleRunCommandBase
{
    /// <summary>Strategies to compare; Sequential is always measured as the baseline.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StrategyCompleter))]
    public string[] Strategy { get; set; } = ["Sequential", "Threads", "Processes"];

    /// <summary>Timed runs of every strategy; the default is enough for the significance test at 95 %.</summary>
    [Parameter]
    public int Repeat { get; set; } = RepeatValidation.DefaultRepeat;

    [Parameter]
    public int Warmup { get; set; } = 1;

    /// <summary>How data reaches worker processes: Copy (the socket) or SharedMemory; both give a Processes row each.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public TransferMode[] TransferMode { get; set; } = [ParallelCmdlets.TransferMode.Copy];

    protected override IReadOnlyList<TransferMode> TransferModesAsked => TransferMode;

    /// <summary>The most the whole comparison may take; a pilot round cuts the repeats to fit, or refuses with its estimate.</summary>
    [Parameter]
    [ValidateRange(1, double.MaxValue)]
    public double MaxSeconds { get; set; } = RepeatValidation.DefaultMaxSeconds;

    /// <summary>Sequential first (it is the baseline), then the others in the order asked, each once.</summary>
    protected override IReadOnlyList<Strategy> RequestedStrategies =>
        StrategyNames.Parse(this, Strategy).Prepend(ParallelCmdlets.Strategy.Sequential).Distinct().ToList();

    protected override void ProcessRecord()
    {
        RepeatValidation.Check(this, Repeat, Warmup);
        var plan = BuildPlan(keepOutput: false);
        WriteResults(Compare(plan, RequestedStrategies, Repeat, Warmup, MaxSeconds, $"Compare-Strategy {plan.Info.Name}"));
    }
}
