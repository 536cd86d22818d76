using System.Management.Automation;
using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Writes every piped result on one self-contained HTML page that opens offline: the environment; per comparison
/// its table with speedups, intervals, the winner or a tie, verdicts and warnings; every run as a dot; the timeline
/// of each strategy's run nearest the mean; and for a sweep the scaling chart with its fitted laws.
/// </summary>
[Cmdlet(VerbsData.Export, "Report", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportReportCommand : ExportPictureCommandBase
{
    private readonly List<ResultsFileEntry> entries = [];

    /// <summary>StrategyResult objects (Compare-Strategy, Measure-Strategy), ScalingPoint objects (Measure-Scaling), or paths of files Export-Result wrote.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    protected override IReadOnlyList<string> Extensions => [".html"];

    protected override void ProcessRecord() => entries.AddRange(ResultInput.Read(this, InputObject));

    protected override void EndProcessing()
    {
        if (entries.Count == 0)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("No results arrived, so there is nothing to report. Pipe the output of Compare-Strategy, Measure-Strategy or Measure-Scaling, or files Export-Result wrote."),
                ErrorIds.NoResults, ErrorCategory.InvalidData, FullPath));
        // A result that arrived twice (as a point and as itself) is reported once.
        var results = entries.Select(e => e.Result).Distinct().ToList();
        var points = entries.Where(e => e.Kind == ResultKind.ScalingPoint).Select(e => e.Result).Distinct()
            .Select(r => (ScalingPoint)ResultsFile.ToObject(new ResultsFileEntry(r, ResultKind.ScalingPoint))).ToList();
        WriteFile("Write report", () => ResultsReport.RenderHtml(results, points, Title));
    }
}
