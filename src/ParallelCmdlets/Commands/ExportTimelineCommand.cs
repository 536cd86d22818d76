using System.Management.Automation;
using System.Text;
using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Writes piped task records or strategy results as a timeline picture: a standalone .svg, or a
/// self-contained .html page (inline SVG, CSS and script) whose bars show each task's numbers on hover.
/// </summary>
[Cmdlet(VerbsData.Export, "Timeline", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportTimelineCommand : PSCmdlet
{
    private readonly TimelineBuilder builder = new();
    private string fullPath = "";
    private bool html;

    /// <summary>Where to write; the extension (.html or .svg) picks the format.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>TaskRecord or StrategyResult objects; other objects are reported and skipped.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Overwrite the file if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The picture's title; default the workload, workers and tasks.</summary>
    [Parameter]
    public string? Title { get; set; }

    /// <summary>Refuses early, before any upstream command starts its (possibly long) run.</summary>
    protected override void BeginProcessing()
    {
        fullPath = GetUnresolvedProviderPathFromPSPath(Path);
        var extension = System.IO.Path.GetExtension(fullPath).ToLowerInvariant();
        if (extension is not (".html" or ".svg"))
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"Export-Timeline writes .html or .svg files; '{Path}' has the extension '{extension}'. Use a path ending in .html or .svg."),
                ErrorIds.UnsupportedExtension, ErrorCategory.InvalidArgument, Path));
        html = extension == ".html";
        RefuseExistingFile();
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null) return;
        if (!builder.TryAdd(InputObject.BaseObject)) WriteError(ErrorIds.SkippedTimelineInput(InputObject));
    }

    protected override void EndProcessing()
    {
        if (builder.IsEmpty) ThrowTerminatingError(ErrorIds.NoTimelineRecords(fullPath));
        RefuseExistingFile(); // it may have appeared while the upstream run was going
        if (!ShouldProcess(fullPath, "Write timeline")) return;
        var timeline = builder.Build(Title);
        var content = html ? TimelineSvg.RenderHtml(timeline) : TimelineSvg.Render(timeline);
        try
        {
            File.WriteAllText(fullPath, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.TimelineWriteFailed, ErrorCategory.WriteError, fullPath));
        }
        WriteObject(new FileInfo(fullPath));
    }

    private void RefuseExistingFile()
    {
        if (Force || !File.Exists(fullPath)) return;
        ThrowTerminatingError(new ErrorRecord(
            new IOException($"The file '{fullPath}' already exists. Use -Force to overwrite it."),
            ErrorIds.FileExists, ErrorCategory.ResourceExists, fullPath));
    }
}
