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

    /// <summary>
    /// Leaves out the extra rows of the fixed form: without it, a -ScriptBlock under ForEachParallel, ThreadJob or
    /// RunspacePool is also run with a scope of its own ("ForEachParallel (& { })", "RunspacePool (local scope)").
    /// </summary>
    [Parameter]
    public SwitchParameter NoWrappedRows { get; set; }

    protected override bool WrappedRowsAsked => !NoWrappedRows;

    /// <summary>The most the whole comparison may take; a pilot round cuts the repeats to fit, or refuses with its estimate.</summary>
    [Parameter]
    [ValidateRange(1, double.MaxValue)]
    public double MaxSeconds { get; set; } = RepeatValidation.DefaultMaxSeconds;

    /// <summary>Sequential first (it is the baseline), then the others in the order asked, each once.</summary>
    protected override IReadOnlyList<Strategy> RequestedStrategies =>
        StrategyNames.Parse(this, Strategy).Prepend(Strategies.StrategyCatalog.Baseline).Distinct().ToList();

    protected override void ProcessRecord()
    {
        RepeatValidation.Check(this, Repeat, Warmup);
        var request = BuildRequest(keepOutput: false);
        var results = Compare(request, RequestedStrategies, RepeatValidation.Sampling(this, Repeat, Warmup, Precision), MaxSeconds, $"Compare-Strategy {request.Info.Name}");
        WriteResults(results);
        WriteAnswer(results);
    }

    /// <summary>The tag of the information record that carries the answer.</summary>
    public const string AnswerTag = "ParallelCmdlets.Answer";

    /// <summary>
    /// The answer goes to the information stream, which the console prints under the table, not down the pipeline:
    /// a second type of object there would give Export-Csv and Sort-Object rows of another shape. -InformationVariable
    /// keeps it typed ($a.MessageData), -InformationAction Ignore hides it, and Get-Answer makes it from the results.
    /// </summary>
    private void WriteAnswer(IReadOnlyList<StrategyResult> results)
    {
        if (results.Count == 0) return;
        // PSHOST: shown on the console whatever $InformationPreference, as Write-Host is, unless -InformationAction Ignore.
        WriteInformation(Measurement.AnswerRules.For(results), [AnswerTag, "PSHOST"]);
    }
}
