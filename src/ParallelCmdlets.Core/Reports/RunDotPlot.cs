using System.Text;

namespace ParallelCmdlets.Reports;

/// <summary>
/// Every timed run of one comparison as a dot, a row per strategy on one shared log axis of elapsed time, with the
/// strategy's run nearest the mean marked (the one its timeline draws): spread, outliers and runs that fall into two groups show at a glance, where a
/// table shows only the mean and its interval. A log axis, so a strategy ten times faster keeps its spread
/// visible. Classes for tests: dot-plot (root), strategy-row, run-dot (shown-dot on the run nearest the mean), tick.
/// </summary>
public static class RunDotPlot
{
    private const double Width = 1100, Left = 190, Right = 80, Top = 34, RowHeight = 28, AxisHeight = 34;

    /// <summary>The colour of every run's dot: one colour, since the rows are labelled; unlike any the timeline uses.</summary>
    public const string DotColor = "#6f42c1";

    public static string Render(IReadOnlyList<StrategyResult> results, string title)
    {
        var runs = results.SelectMany(r => r.Runs.Select(run => run.Elapsed)).Where(e => e > 0).ToList();
        if (runs.Count == 0) runs = results.Select(r => r.Elapsed).Where(e => e > 0).DefaultIfEmpty(1).ToList();
        var axis = ScalingChartAxis.Log(runs.Min(), runs.Max(), Left, Width - Right);
        var height = Top + results.Count * RowHeight + AxisHeight;
        var bottom = Top + results.Count * RowHeight;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dot-plot\" width=\"{N(Width)}\" height=\"{N(height)}\" ")
           .Append($"viewBox=\"0 0 {N(Width)} {N(height)}\" role=\"img\" aria-label=\"{TimelineSvg.X(title)}\" data-runs=\"{results.Sum(r => r.Runs.Count)}\">\n")
           .Append($"<title>{TimelineSvg.X(title)}</title>\n").Append(Style)
           .Append($"<text class=\"plot-title\" x=\"16\" y=\"20\">{TimelineSvg.X(title)}</text>\n");
        svg.Append("<g class=\"ticks\">");
        foreach (var tick in axis.Ticks)
        {
            var x = axis.ToPixel(tick);
            svg.Append($"<line class=\"tick\" x1=\"{N(x)}\" y1=\"{N(Top)}\" x2=\"{N(x)}\" y2=\"{N(bottom)}\"/>")
               .Append($"<text class=\"tick-label\" x=\"{N(x)}\" y=\"{N(bottom + 16)}\" text-anchor=\"middle\">{TimelineSvg.X(TimeFormat.LogTick(tick))}</text>");
        }
        svg.Append($"<text class=\"axis-label\" x=\"{N(Width - Right)}\" y=\"{N(bottom + 30)}\" text-anchor=\"end\">elapsed per run (log scale); the ring marks the run nearest the mean</text>");
        svg.Append("</g>\n");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var y = Top + i * RowHeight + RowHeight / 2;
            var name = r.StrategyName + (r.ThreadsPerWorker > 1 ? $" ×{r.Workers}×{r.ThreadsPerWorker}" : $" ×{r.Workers}");
            svg.Append($"<g class=\"strategy-row\" data-strategy=\"{TimelineSvg.X(name)}\">")
               .Append($"<line class=\"row-line\" x1=\"{N(Left)}\" y1=\"{N(y)}\" x2=\"{N(Width - Right)}\" y2=\"{N(y)}\"/>")
               .Append($"<text class=\"row-label\" x=\"{N(Left - 10)}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{TimelineSvg.X(name)}</text>");
            var ordered = r.Runs.ToList();
            for (var k = 0; k < ordered.Count; k++)
            {
                var run = ordered[k];
                // Runs with equal times would hide each other: a small, fixed vertical offset by their order.
                var jitter = ((k % 5) - 2) * 2.5;
                var shown = run.RunId == r.RunId;
                var tip = $"{name}: run {k + 1} of {ordered.Count}{(run.Round > 0 ? $" (round {run.Round})" : "")}\n{TimeFormat.Seconds(run.Elapsed)}" +
                          (run.FailedTasks > 0 ? $"\n{run.FailedTasks} task(s) failed" : "") + (shown ? "\nthe run nearest the mean: its timeline is drawn below" : "");
                svg.Append($"<circle class=\"run-dot{(shown ? " shown-dot" : "")}{(run.FailedTasks > 0 ? " failed" : "")}\" cx=\"{N(axis.ToPixel(Math.Max(run.Elapsed, axis.Min)))}\" cy=\"{N(y + jitter)}\" r=\"{(shown ? 6 : 4.5)}\" data-seconds=\"{N(run.Elapsed, 9)}\">")
                   .Append($"<title>{TimelineSvg.X(tip)}</title></circle>");
            }
            svg.Append("</g>\n");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private const string Style = $$"""
        <style>
        .dot-plot .plot-title { font: 600 14px system-ui, -apple-system, "Segoe UI", sans-serif; fill: #1f2328; }
        .dot-plot .row-label, .dot-plot .tick-label, .dot-plot .axis-label { font: 11px system-ui, -apple-system, "Segoe UI", sans-serif; fill: #57606a; }
        .dot-plot .row-label { font-size: 12px; fill: #1f2328; }
        .dot-plot .tick { stroke: #e5e7eb; }
        .dot-plot .row-line { stroke: #d0d7de; stroke-dasharray: 2 3; }
        .dot-plot .run-dot { fill: {{DotColor}}; stroke: #ffffff; stroke-width: 1; }
        .dot-plot .run-dot.shown-dot { stroke: #1f2328; stroke-width: 2; }
        .dot-plot .run-dot.failed { fill: #d62728; }
        </style>

        """;

    private static string N(double value, int decimals = 2) => TimeFormat.Number(value, decimals);
}
