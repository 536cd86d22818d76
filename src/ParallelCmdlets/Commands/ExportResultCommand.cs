using System.Management.Automation;
using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Writes piped StrategyResults (and ScalingPoints, as the StrategyResult each was read from) to one JSON file:
/// the environment, every run and every task record of each, the statistics and verdicts, under a format version.
/// Import-Result gives them back as the same objects. A path ending in .md writes GitHub-flavoured markdown tables
/// instead (ResultsMarkdown), for an issue, a pull request or the docs.
/// </summary>
[Cmdlet(VerbsData.Export, "Result", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportResultCommand : ExportFileCommandBase
{
    private readonly List<ResultsFileEntry> entries = [];

    /// <summary>StrategyResult objects (Measure-Strategy, Compare-Strategy) or ScalingPoint objects (Measure-Scaling).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    protected override IReadOnlyList<string> Extensions => [".json", ".md"];

    protected override void ProcessRecord()
    {
        switch (InputObject?.BaseObject)
        {
            case null:
                return;
            case StrategyResult result:
                entries.Add(new ResultsFileEntry(result, ResultKind.StrategyResult));
                break;
            case ScalingPoint { Result: { } result }:
                entries.Add(new ResultsFileEntry(result, ResultKind.ScalingPoint));
                break;
            case ScalingPoint:
                Skip($"skipped a ScalingPoint without the StrategyResult it was read from (its Result), which is what the file keeps. Pipe the points of Measure-Scaling.");
                break;
            default:
                Skip($"skipped a {InputObject.BaseObject.GetType().Name}.");
                break;
        }
    }

    private void Skip(string why) => WriteError(new ErrorRecord(
        new ArgumentException($"Export-Result writes StrategyResult objects (Measure-Strategy, Compare-Strategy) and ScalingPoint objects (Measure-Scaling); {why}"),
        ErrorIds.NotResultInput, ErrorCategory.InvalidType, InputObject));

    protected override void EndProcessing()
    {
        if (entries.Count == 0)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("No results arrived, so there is nothing to write. Pipe the output of Compare-Strategy, Measure-Strategy or Measure-Scaling."),
                ErrorIds.NoResults, ErrorCategory.InvalidData, FullPath));
        var version = typeof(StrategyResult).Assembly.GetName().Version?.ToString(3) ?? "";
        WriteFile("Write results", () => Extension == ".md"
            ? ResultsMarkdown.Render(entries.Select(e => e.Result).ToList())
            : ResultsFile.Render(entries, DateTime.UtcNow, $"ParallelCmdlets {version}"));
    }
}
