using System.Management.Automation;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Commands;

/// <summary>
/// The answer of each comparison piped in, as a typed object: the command to type, that the plain loop is best, or
/// that the comparison did not settle. Reads what Export-Report reads (results, or files Export-Result wrote), so a
/// comparison imported on another machine answers as it did where it was measured.
/// </summary>
[Cmdlet(VerbsCommon.Get, "Answer")]
[OutputType(typeof(Answer))]
public sealed class GetAnswerCommand : PSCmdlet
{
    private readonly List<ResultsFileEntry> entries = [];

    /// <summary>StrategyResult objects (Compare-Strategy), or paths of files Export-Result wrote.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public PSObject? InputObject { get; set; }

    protected override void ProcessRecord() => entries.AddRange(ResultInput.Read(this, InputObject));

    protected override void EndProcessing()
    {
        // A sweep's points are no comparison to answer; a result that arrived twice counts once.
        var results = entries.Where(e => e.Kind == ResultKind.StrategyResult).Select(e => e.Result).Distinct().ToList();
        if (results.Count == 0)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("No comparison arrived, so there is nothing to answer. Pipe the output of Compare-Strategy, or files Export-Result wrote."),
                ErrorIds.NoResults, ErrorCategory.InvalidData, null));
        foreach (var answer in AnswerRules.ForEach(results)) WriteObject(answer);
    }
}
