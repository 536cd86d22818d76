using System.Management.Automation;
using System.Management.Automation.Host;
using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Draws piped task records (Invoke-Workload) or strategy results (Measure-Strategy, Compare-Strategy) as
/// per-task bars on one shared time axis, one panel per run, as text lines fitted to the console.
/// </summary>
[Cmdlet(VerbsCommon.Show, "Timeline")]
[OutputType(typeof(string))]
public sealed class ShowTimelineCommand : PSCmdlet
{
    private const int FallbackWidth = 120;
    private readonly TimelineBuilder builder = new();
    private readonly List<PSObject> skipped = [];

    /// <summary>TaskRecord or StrategyResult objects; other objects are reported and skipped.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Characters per line; default the host window's width, else 120.</summary>
    [Parameter]
    [ValidateRange(TimelineConsole.MinWidth, 10000)]
    public int Width { get; set; }

    /// <summary>Plain text even when the host renders colour.</summary>
    [Parameter]
    public SwitchParameter NoColor { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is null) return;
        var drawable = TimelineInput.Drawable(InputObject);
        if (drawable.Count == 0) skipped.Add(InputObject);
        foreach (var item in drawable) builder.TryAdd(item);
    }

    protected override void EndProcessing()
    {
        // Rows of results alone get one message, the terminating one, which says what to write instead.
        if (skipped.Count > 0 && !(builder.IsEmpty && skipped.All(TimelineInput.IsResultRow))) WriteError(ErrorIds.SkippedTimelineInput(skipped));
        if (builder.IsEmpty) ThrowTerminatingError(ErrorIds.NoTimelineRecords(skipped.ToArray(), skipped));
        var width = MyInvocation.BoundParameters.ContainsKey(nameof(Width)) ? Width : HostWidth();
        var timeline = builder.Build();
        var plain = TimelineConsole.Render(timeline, width, color: false);
        if (!UseColor())
        {
            foreach (var line in plain) WriteObject(line);
            return;
        }
        // Each line is its plain text, as a string, carrying its coloured twin for the view ParallelCmdlets-TimelineLine:
        // PowerShell's formatter shows the colour on the console and removes it where output is redirected or
        // captured (> file.txt, Out-String, $PSStyle.OutputRendering), as it does for its own tables.
        var colored = TimelineConsole.Render(timeline, width, color: true);
        for (var i = 0; i < plain.Count; i++)
        {
            var line = new PSObject(plain[i]);
            line.TypeNames.Insert(0, ColoredLineTypeName);
            line.Properties.Add(new PSNoteProperty(ColoredProperty, i < colored.Count ? colored[i] : plain[i]));
            WriteObject(line);
        }
    }

    /// <summary>The type name and note property that select the view showing a line in colour.</summary>
    public const string ColoredLineTypeName = "ParallelCmdlets.TimelineLine", ColoredProperty = "Colored";

    /// <summary>
    /// One less than the window, so a full line never wraps onto an empty one in consoles that wrap at the
    /// last column; hosts without a window (jobs, remoting) get the fallback.
    /// </summary>
    private int HostWidth()
    {
        try
        {
            var columns = Host.UI.RawUI?.WindowSize.Width ?? 0;
            return columns > 0 ? Math.Max(TimelineConsole.MinWidth, columns - 1) : FallbackWidth;
        }
        catch (Exception e) when (e is HostException or NotImplementedException or NotSupportedException or IOException)
        {
            return FallbackWidth;
        }
    }

    /// <summary>
    /// Colour unless -NoColor, pwsh's own output is redirected, or $PSStyle.OutputRendering is PlainText; where it
    /// is shown is then PowerShell's formatter's choice (see EndProcessing). PSStyle is read by name: the reference
    /// assembly predates it.
    /// </summary>
    private bool UseColor()
    {
        if (NoColor || Console.IsOutputRedirected) return false;
        if (SessionState.PSVariable.GetValue("PSStyle") is not { } style) return false;
        var rendering = PSObject.AsPSObject(style).Properties["OutputRendering"]?.Value?.ToString();
        return rendering is not null && !rendering.Equals("PlainText", StringComparison.OrdinalIgnoreCase);
    }
}
