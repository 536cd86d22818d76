using System.Text;

namespace ParallelCmdlets.Reports;

/// <summary>
/// Draws a <see cref="Timeline"/> as text: per panel a header, the run-span bar and one line per task, then
/// one shared time axis. Every line fits the given width; colour (ANSI) is optional, and without it the
/// segments still differ by glyph.
/// </summary>
public static class TimelineConsole
{
    /// <summary>Narrower than this leaves no room for a readable bar.</summary>
    public const int MinWidth = 40;

    private const char ComputeGlyph = '█', InGlyph = '░', OutGlyph = '▒', FailedGlyph = '╳', CancelledGlyph = '┄', SpanGlyph = '━', StartingGlyph = '·';
    private const string Reset = "\u001b[0m", Bold = "\u001b[1m";
    private const int Indent = 2;

    private enum Cell { Empty, Compute, In, Out, Failed, Cancelled, Span, Starting }

    public static IReadOnlyList<string> Render(Timeline timeline, int width, bool color)
    {
        if (width < MinWidth) throw new ArgumentOutOfRangeException(nameof(width), width, $"The width must be at least {MinWidth} characters.");
        var tasks = timeline.Panels.SelectMany(p => p.Tasks).ToList();
        var labelWidth = Math.Max(3, tasks.Count == 0 ? 0 : tasks.Max(t => RowLabel(t).Length));
        var suffixWidth = 1 + Math.Max(
            tasks.Count == 0 ? 0 : tasks.Max(t => TimeFormat.Seconds(t.Duration).Length),
            timeline.Panels.Count == 0 ? 0 : timeline.Panels.Max(p => TimeFormat.Seconds(p.SpanEnd).Length));
        var track = width - Indent - labelWidth - 1 - suffixWidth;
        var cellSeconds = timeline.AxisSeconds / track; // one scale for every panel, so lengths compare

        var lines = new List<string>
        {
            Style(Fit(timeline.Title, width), Bold, color),
        };
        lines.AddRange(Legend(color, width));
        foreach (var panel in timeline.Panels)
        {
            lines.Add(Style(Fit(panel.Label, width), Bold, color));
            var span = new Cell[track];
            Fill(span, 0, Cells(panel.SpanEnd, cellSeconds, track), Cell.Span);
            lines.Add(Row("run", labelWidth, span, TimeFormat.Seconds(panel.SpanEnd), suffixWidth, color));
            foreach (var task in panel.Tasks)
                lines.Add(Row(RowLabel(task), labelWidth, TaskCells(task, cellSeconds, track), TimeFormat.Seconds(task.Duration), suffixWidth, color));
        }
        lines.AddRange(Axis(timeline.AxisSeconds, cellSeconds, track, new string(' ', Indent + labelWidth + 1), width));
        return lines;
    }

    private static string RowLabel(TaskRecord task) => task.HostName.Length > 0 ? $"#{task.TaskId} {task.HostName} w{task.WorkerId}" : $"#{task.TaskId} w{task.WorkerId}";

    private static int Cells(double seconds, double cellSeconds, int track) =>
        Math.Clamp((int)Math.Round(seconds / cellSeconds), 0, track);

    private static void Fill(Cell[] cells, int from, int to, Cell kind)
    {
        for (var i = Math.Max(0, from); i < Math.Min(to, cells.Length); i++) cells[i] = kind;
    }

    /// <summary>
    /// The bar covers at least one cell; a transfer that exists gets at least one cell of its own when the bar
    /// has room, since seeing that data moved matters more than its exact share of a cell.
    /// </summary>
    private static Cell[] TaskCells(TaskRecord task, double cellSeconds, int track)
    {
        var cells = new Cell[track];
        var first = Math.Min(track - 1, Cells(task.Start, cellSeconds, track));
        var last = Math.Max(first + 1, Cells(task.End, cellSeconds, track));
        var n = last - first;
        var duration = Math.Max(task.Duration, 1e-12);
        int Share(double seconds) => seconds > 0 ? Math.Max(1, (int)Math.Round(seconds / duration * n)) : 0;
        int nIn = Share(task.TransferIn), nOut = Share(task.TransferOut);
        while (nIn + nOut > Math.Max(0, n - 1) && nIn + nOut > 0)
        {
            if (nIn >= nOut) nIn--; else nOut--;
        }
        var body = task.Status switch { TaskState.Failed => Cell.Failed, TaskState.Cancelled => Cell.Cancelled, _ => Cell.Compute };
        // PowerShell's tools: from being handed to the tool until the task's own code began.
        if (task.Strategy.IsPowerShellTool() && task.QueueWait > 0)
            Fill(cells, Math.Min(first, Cells(task.Submitted, cellSeconds, track)), first, Cell.Starting);
        Fill(cells, first, last, body);
        Fill(cells, first, first + nIn, Cell.In);
        Fill(cells, last - nOut, last, Cell.Out);
        return cells;
    }

    private static string Row(string label, int labelWidth, Cell[] cells, string suffix, int suffixWidth, bool color)
    {
        var line = new StringBuilder();
        line.Append(' ', Indent).Append(label.PadRight(labelWidth)).Append(' ');
        var i = 0;
        while (i < cells.Length)
        {
            // Runs of one kind share one colour code, keeping the escapes few.
            var kind = cells[i];
            var run = i;
            while (run < cells.Length && cells[run] == kind) run++;
            line.Append(Style(new string(Glyph(kind), run - i), Colour(kind), color && kind != Cell.Empty));
            i = run;
        }
        return line.Append(suffix.PadLeft(suffixWidth)).ToString();
    }

    private static IEnumerable<string> Axis(double axisSeconds, double cellSeconds, int track, string margin, int width)
    {
        // Fewer ticks until every label fits before the next tick.
        var maxTicks = Math.Max(1, track / 6);
        double step;
        IReadOnlyList<double> ticks;
        while (true)
        {
            step = TimeFormat.NiceStep(axisSeconds, maxTicks);
            ticks = TimeFormat.Ticks(axisSeconds, step);
            var widest = ticks.Max(t => TimeFormat.Tick(t, step, axisSeconds).Length);
            if (widest + 1 <= step / cellSeconds || maxTicks == 1) break;
            maxTicks--;
        }
        var rule = new StringBuilder(new string('─', track));
        var labels = new StringBuilder(new string(' ', width));
        foreach (var t in ticks)
        {
            var cell = Math.Min(track - 1, (int)Math.Round(t / cellSeconds));
            rule[cell] = '┴';
            var text = TimeFormat.Tick(t, step, axisSeconds);
            var at = Math.Min(margin.Length + cell, width - text.Length);
            for (var c = 0; c < text.Length; c++) labels[at + c] = text[c];
        }
        return [margin + rule, labels.ToString().TrimEnd()];
    }

    private static readonly (Cell Kind, string Text)[] LegendItems =
    [
        (Cell.Compute, "compute"), (Cell.In, "transfer in"), (Cell.Out, "transfer out"),
        (Cell.Failed, "failed"), (Cell.Cancelled, "cancelled"), (Cell.Span, "whole run"),
        (Cell.Starting, "in the tool, not started"),
    ];

    /// <summary>The legend in as many lines as the width needs, broken between its items, never through one.</summary>
    private static IEnumerable<string> Legend(bool color, int width)
    {
        const string gap = "  ";
        var line = new System.Text.StringBuilder();
        var visible = 0;
        foreach (var (kind, text) in LegendItems)
        {
            var length = 2 + text.Length;
            if (visible > 0 && visible + gap.Length + length > width)
            {
                yield return line.ToString();
                line.Clear();
                visible = 0;
            }
            if (visible > 0) line.Append(gap);
            line.Append(Style(Glyph(kind).ToString(), Colour(kind), color)).Append(' ').Append(text);
            visible += (visible > 0 ? gap.Length : 0) + length;
        }
        if (visible > 0) yield return line.ToString();
    }

    private static char Glyph(Cell kind) => kind switch
    {
        Cell.Compute => ComputeGlyph, Cell.In => InGlyph, Cell.Out => OutGlyph, Cell.Failed => FailedGlyph,
        Cell.Cancelled => CancelledGlyph, Cell.Span => SpanGlyph, Cell.Starting => StartingGlyph, _ => ' ',
    };

    private static string Colour(Cell kind) => kind switch
    {
        Cell.Compute => "\u001b[34m", Cell.In => "\u001b[33m", Cell.Out => "\u001b[35m", Cell.Failed => "\u001b[31m",
        Cell.Cancelled => "\u001b[90m", Cell.Span => "\u001b[37m", Cell.Starting => "\u001b[90m", _ => "",
    };

    private static string Style(string text, string code, bool color) => color && code.Length > 0 ? code + text + Reset : text;

    /// <summary>Shortens plain text to the width, marking the cut.</summary>
    private static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

}
