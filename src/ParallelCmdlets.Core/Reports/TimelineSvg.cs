using System.Text;

namespace ParallelCmdlets.Reports;

/// <summary>
/// Draws a <see cref="Timeline"/> as SVG, or as a self-contained HTML page around that SVG (inline CSS and
/// script only, nothing fetched). Hand-written: no charting library here draws per-task bars on a shared axis
/// better, and the markup stays stable for tests (classes panel, task, compute, transfer-in, transfer-out,
/// span, tick; data-seconds-per-px on the root).
/// </summary>
public static class TimelineSvg
{
    private const double Width = 1100, Left = 130, Right = 80, PlotWidth = Width - Left - Right;
    private const double AxisTop = 92, PanelGap = 14, HeaderHeight = 48;

    public static string Render(Timeline timeline)
    {
        var spp = timeline.AxisSeconds / PlotWidth; // one scale for every panel, so lengths compare
        var rowHeight = RowHeight(timeline.Panels.Count == 0 ? 0 : timeline.Panels.Max(p => p.Tasks.Count));
        var height = AxisTop + timeline.Panels.Sum(p => PanelHeight(p, rowHeight) + PanelGap) + 30;
        var bottom = height - 30;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"{N(Width)}\" height=\"{N(height)}\" ")
           .Append($"viewBox=\"0 0 {N(Width)} {N(height)}\" role=\"img\" aria-label=\"{X(timeline.Title)}\" ")
           .Append($"data-seconds-per-px=\"{N(spp, 12)}\" data-axis-seconds=\"{N(timeline.AxisSeconds, 9)}\">\n");
        svg.Append($"<title>{X(timeline.Title)}</title>\n").Append(Style);
        svg.Append($"<text class=\"title\" x=\"16\" y=\"30\">{X(timeline.Title)}</text>\n");
        AppendLegend(svg, timeline.Panels.Any(p => p.Strategy.IsPowerShellTool()));

        var tops = new List<double>();
        var y = AxisTop;
        foreach (var panel in timeline.Panels)
        {
            tops.Add(y);
            y += PanelHeight(panel, rowHeight) + PanelGap;
        }
        // Backgrounds first, then the grid, then the bars: the grid shows through every panel.
        svg.Append("<g class=\"backgrounds\">");
        for (var i = 0; i < tops.Count; i++)
            svg.Append($"<rect class=\"panel-bg\" x=\"8\" y=\"{N(tops[i])}\" width=\"{N(Width - 16)}\" height=\"{N(PanelHeight(timeline.Panels[i], rowHeight))}\" rx=\"6\"/>");
        svg.Append("</g>\n");
        AppendTicks(svg, timeline.AxisSeconds, spp, bottom);
        for (var i = 0; i < tops.Count; i++) AppendPanel(svg, timeline.Panels[i], tops[i], spp, rowHeight);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>The SVG in a page of its own: hovering a bar shows the task's numbers in a small tooltip.</summary>
    public static string RenderHtml(Timeline timeline) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
        $"<title>{X(timeline.Title)}</title>\n" +
        TimelineHtmlAssets.ErrorCapture + TimelineHtmlAssets.PageStyle +
        "</head>\n<body>\n<main>\n" + Render(timeline) + "</main>\n<div id=\"tip\" role=\"tooltip\"></div>\n" +
        TimelineHtmlAssets.TooltipScript("svg.timeline", ".task, .run-span") + "</body>\n</html>\n";

    private static double RowHeight(int tasks) => tasks switch { <= 24 => 18, <= 64 => 11, _ => 6 };

    private static double PanelHeight(TimelinePanel panel, double rowHeight) => HeaderHeight + panel.Tasks.Count * rowHeight + 6;

    private static void AppendLegend(StringBuilder svg, bool tools)
    {
        (string Class, string Text)[] items =
        [
            ("compute", "compute"), ("transfer-in", "transfer in"), ("transfer-out", "transfer out"),
            ("failed", "failed"), ("cancelled", "cancelled"), ("span", "whole run"),
            .. tools ? new[] { ("starting", "in the tool, not started") } : [],
        ];
        svg.Append("<g class=\"legend\">");
        var x = 16.0;
        foreach (var (cls, text) in items)
        {
            svg.Append($"<rect class=\"swatch {cls}\" x=\"{N(x)}\" y=\"44\" width=\"14\" height=\"10\"/>")
               .Append($"<text x=\"{N(x + 19)}\" y=\"53\">{text}</text>");
            x += 30 + text.Length * 6.3;
        }
        svg.Append("</g>\n");
    }

    private static void AppendTicks(StringBuilder svg, double axisSeconds, double spp, double bottom)
    {
        var step = TimeFormat.NiceStep(axisSeconds, (int)(PlotWidth / 90));
        foreach (var t in TimeFormat.Ticks(axisSeconds, step))
        {
            var x = N(Left + t / spp);
            var label = X(TimeFormat.Tick(t, step, axisSeconds));
            svg.Append($"<g class=\"tick\" data-seconds=\"{N(t, 9)}\">")
               .Append($"<line class=\"grid\" x1=\"{x}\" x2=\"{x}\" y1=\"{N(AxisTop - 4)}\" y2=\"{N(bottom)}\"/>")
               .Append($"<text class=\"tick-label\" x=\"{x}\" y=\"{N(AxisTop - 9)}\">{label}</text>")
               .Append($"<text class=\"tick-label\" x=\"{x}\" y=\"{N(bottom + 16)}\">{label}</text></g>\n");
        }
    }

    private static void AppendPanel(StringBuilder svg, TimelinePanel panel, double top, double spp, double rowHeight)
    {
        svg.Append($"<g class=\"panel\" data-strategy=\"{panel.Strategy}\" data-transfer-mode=\"{panel.TransferMode}\" data-run=\"{X(panel.RunId)}\" data-tasks=\"{panel.Tasks.Count}\" ")
           .Append($"data-seconds-per-px=\"{N(spp, 12)}\" data-elapsed=\"{N(panel.SpanEnd, 9)}\"");
        if (panel.Speedup is { } speedup) svg.Append($" data-speedup=\"{N(speedup, 4)}\"");
        svg.Append(">\n")
           .Append($"<text class=\"panel-label\" x=\"16\" y=\"{N(top + 20)}\">{X(panel.Label)}</text>\n");

        var spanY = top + 28;
        var spanWidth = panel.SpanEnd / spp;
        svg.Append($"<g class=\"run-span\"><title>{X($"{panel.Name}: whole run 0 → {TimeFormat.Seconds(panel.SpanEnd)}")}</title>")
           .Append($"<rect class=\"span\" x=\"{N(Left)}\" y=\"{N(spanY)}\" width=\"{N(spanWidth)}\" height=\"9\" rx=\"2\"/>")
           .Append($"<text class=\"span-label\" x=\"{N(Left + spanWidth + 6)}\" y=\"{N(spanY + 9)}\">{X(TimeFormat.Seconds(panel.SpanEnd))}</text></g>\n");
        svg.Append($"<text class=\"row-label\" x=\"{N(Left - 8)}\" y=\"{N(spanY + 9)}\">run</text>\n");

        var y = top + HeaderHeight;
        foreach (var task in panel.Tasks)
        {
            AppendTask(svg, task, y, spp, rowHeight);
            y += rowHeight;
        }
        svg.Append("</g>\n");
    }

    private static void AppendTask(StringBuilder svg, TaskRecord task, double y, double spp, double rowHeight)
    {
        var barHeight = Math.Max(3, rowHeight - 5);
        var duration = Math.Max(0, task.Duration);
        // Transfer stamps come from two clocks; never let them overrun the bar they belong to.
        var transferIn = Math.Clamp(task.TransferIn, 0, duration);
        var transferOut = Math.Clamp(task.TransferOut, 0, duration - transferIn);
        var compute = duration - transferIn - transferOut;
        var x = Left + task.Start / spp;
        var status = task.Status.ToString().ToLowerInvariant();

        svg.Append($"<g class=\"task {status}\" data-task=\"{task.TaskId}\" data-worker=\"{task.WorkerId}\" ")
           .Append($"data-start=\"{N(task.Start, 9)}\" data-end=\"{N(task.End, 9)}\" data-status=\"{task.Status}\">")
           .Append($"<title>{X(Tooltip(task))}</title>");
        if (rowHeight >= 10)
            svg.Append($"<text class=\"row-label\" x=\"{N(Left - 8)}\" y=\"{N(y + barHeight - 1)}\">#{task.TaskId} · {(task.HostName.Length > 0 ? X(task.HostName) + " " : "")}w{task.WorkerId}</text>");
        // PowerShell's tools: handed to the tool at Submitted, the task's own code began at Start.
        if (task.Strategy.IsPowerShellTool() && task.QueueWait > 0)
            Rect(svg, "starting", Left + task.Submitted / spp, y + barHeight / 3, Math.Max(0, task.Start - task.Submitted) / spp, barHeight / 3);
        Rect(svg, "transfer-in", x, y, transferIn / spp, barHeight);
        // A task shorter than a pixel still gets a visible sliver.
        var computeWidth = duration / spp < 1 ? Math.Max(1, compute / spp) : compute / spp;
        Rect(svg, "compute", x + transferIn / spp, y, computeWidth, barHeight, always: true);
        Rect(svg, "transfer-out", x + (transferIn + compute) / spp, y, transferOut / spp, barHeight);
        svg.Append("</g>\n");
    }

    private static void Rect(StringBuilder svg, string cls, double x, double y, double width, double height, bool always = false)
    {
        if (width <= 0 && !always) return;
        svg.Append($"<rect class=\"{cls}\" x=\"{N(x, 3)}\" y=\"{N(y)}\" width=\"{N(width, 3)}\" height=\"{N(height)}\"/>");
    }

    /// <summary>Every number of a task, one line each, for the hover text.</summary>
    internal static string Tooltip(TaskRecord t)
    {
        var text = $"Task {t.TaskId} — {t.Status}\n" +
                   (t.HostName.Length > 0 ? $"host {t.HostName} (clock ± {TimeFormat.Seconds(t.ClockUncertainty)}) · " : "") +
                   $"worker {t.WorkerId} · process {t.ProcessId} · thread {t.ThreadId}\n" +
                   $"start {TimeFormat.Seconds(t.Start)} · end {TimeFormat.Seconds(t.End)} · duration {TimeFormat.Seconds(t.Duration)}\n" +
                   (t.Strategy.IsPowerShellTool() ? $"handed to {t.Strategy} at {TimeFormat.Seconds(t.Submitted)} · " : "") +
                   $"queue wait {TimeFormat.Seconds(t.QueueWait)}\n" +
                   $"transfer in {TimeFormat.Seconds(t.TransferIn)} ({TimeFormat.Bytes(t.BytesIn)}) · " +
                   $"transfer out {TimeFormat.Seconds(t.TransferOut)} ({TimeFormat.Bytes(t.BytesOut)})";
        return string.IsNullOrEmpty(t.Error) ? text : text + "\nerror: " + t.Error;
    }

    private static string N(double value, int decimals = 2) => TimeFormat.Number(value, decimals);

    /// <summary>Escapes text for XML and HTML; drops control characters XML 1.0 cannot carry at all.</summary>
    internal static string X(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\'' => "&#39;",
                < ' ' when c is not ('\n' or '\r' or '\t') => "\uFFFD",
                '\uFFFE' or '\uFFFF' => "\uFFFD",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }

    private const string Style = """
        <style>
        .title { font: 600 18px system-ui, -apple-system, "Segoe UI", sans-serif; fill: #1f2328; }
        .legend text, .tick-label, .row-label, .span-label { font: 11px system-ui, -apple-system, "Segoe UI", sans-serif; fill: #57606a; }
        .tick-label { text-anchor: middle; }
        .row-label { text-anchor: end; }
        .panel-label { font: 600 14px system-ui, -apple-system, "Segoe UI", sans-serif; fill: #1f2328; }
        .panel-bg { fill: #f6f8fa; stroke: #e5e7eb; }
        .grid { stroke: #d0d7de; stroke-width: 1; stroke-dasharray: 2 3; }
        .span { fill: #57606a; }
        .compute { fill: #4c78a8; }
        .transfer-in { fill: #f58518; }
        .transfer-out { fill: #b279a2; }
        .starting { fill: #9aa4ae; }
        .swatch.failed, .task.failed .compute { fill: #d62728; }
        .swatch.cancelled, .task.cancelled rect { fill: #c9c9c9; stroke: #8c8c8c; stroke-dasharray: 2 2; }
        .task:hover rect, .run-span:hover rect { stroke: #1f2328; stroke-width: 1; }
        </style>

        """;
}
