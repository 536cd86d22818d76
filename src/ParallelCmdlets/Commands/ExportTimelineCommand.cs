using System.Management.Automation;
using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Writes piped task records or strategy results as a timeline picture: a standalone .svg, a self-contained
/// .html page (inline SVG, CSS and script) whose bars show each task's numbers on hover, or a .json trace in
/// the Chrome Trace Event Format for Perfetto and chrome://tracing.
/// </summary>
[Cmdlet(VerbsData.Export, "Timeline", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportTimelineCommand : ExportPictureCommandBase
{
    private readonly TimelineBuilder builder = new();

    /// <summary>TaskRecord or StrategyResult objects; other objects are reported and skipped.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    private readonly List<PSObject> skipped = [];

    protected override void ProcessRecord()
    {
        if (InputObject is null) return;
        var drawable = TimelineInput.Drawable(InputObject);
        if (drawable.Count == 0) skipped.Add(InputObject);
        foreach (var item in drawable) builder.TryAdd(item);
    }

    protected override IReadOnlyList<string> Extensions => [".html", ".svg", ".json"];

    protected override void EndProcessing()
    {
        // Rows of results alone get one message, the terminating one, which says what to write instead.
        if (skipped.Count > 0 && !(builder.IsEmpty && skipped.All(TimelineInput.IsResultRow))) WriteError(ErrorIds.SkippedTimelineInput(skipped));
        if (builder.IsEmpty) ThrowTerminatingError(ErrorIds.NoTimelineRecords(FullPath, skipped));
        WriteFile("Write timeline", () =>
        {
            var timeline = builder.Build(Title);
            return Extension switch
            {
                ".html" => TimelineSvg.RenderHtml(timeline),
                ".json" => TimelineTrace.Render(timeline),
                _ => TimelineSvg.Render(timeline),
            };
        });
    }
}
