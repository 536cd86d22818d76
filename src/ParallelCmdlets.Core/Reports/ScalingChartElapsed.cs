using ParallelCmdlets.Measurement;
using static ParallelCmdlets.Reports.ScalingChartStyle;

namespace ParallelCmdlets.Reports;

/// <summary>
/// Elapsed time against size on a log size axis, a series per strategy, worker count and GC mode, with the break-evens
/// as vertical lines. Times go on a log axis too when they span more than <see cref="LogTimeRatio"/>, so the
/// small sizes, where the winner often changes, are not squashed against zero.
/// </summary>
internal static class ScalingChartElapsed
{
    public const double LogTimeRatio = 20;
    private const int MaxYTicks = 6;

    /// <summary>The points this chart can draw: a positive size and a positive, finite elapsed time.</summary>
    public static List<ScalingPoint> Drawable(IEnumerable<ScalingPoint> points) =>
        points.Where(p => p.Size > 0 && p.Elapsed > 0 && double.IsFinite(p.Elapsed)).ToList();

    /// <summary>Worth a chart when there is a curve: two sizes or more.</summary>
    public static bool HasCurve(IReadOnlyList<ScalingPoint> points) => Drawable(points).Select(p => p.Size).Distinct().Count() >= 2;

    public static (string Svg, double Height) Render(IReadOnlyList<ScalingPoint> points, ScalingChartOptions options, double top)
    {
        var drawable = Drawable(points);
        var severalGcModes = ScalingModels.SpanSeveralGcModes(points);
        var series = drawable
            .GroupBy(p => (p.Strategy, Concurrency: SpeedupSample.ConcurrencyOf(p), p.ThreadsPerWorker, p.GcMode))
            .OrderBy(g => g.Key.Strategy).ThenBy(g => g.Key.Concurrency).ThenBy(g => g.Key.ThreadsPerWorker)
            .GroupBy(g => g.Key.Strategy)
            .SelectMany(strategy => strategy.Select((g, i) => Series(g.ToList(), severalGcModes, Color(strategy.Key, i))))
            .ToList();

        var times = drawable.SelectMany(p => new[] { p.Elapsed, p.ElapsedLow ?? p.Elapsed, p.ElapsedHigh ?? p.Elapsed })
                            .Where(t => t > 0 && double.IsFinite(t)).ToList();
        var logTime = times.Max() / times.Min() > LogTimeRatio;
        var breakEvens = options.BreakEvens.Where(b => b.Size > 0 && double.IsFinite(b.Size)).ToList();
        var plot = new ScalingChartPlot(ScalingChart.IdPlaceholder + "-elapsed", top, series.Count + (breakEvens.Count > 0 ? 1 : 0),
            (from, to) => ScalingChartAxis.Log(drawable.Min(p => p.Size), drawable.Max(p => p.Size), from, to),
            (from, to) => logTime ? ScalingChartAxis.Log(times.Min(), times.Max(), from, to) : ScalingChartAxis.Linear(times.Max(), from, to, MaxYTicks));

        plot.Begin("elapsed", "Elapsed against size", [("log-time", logTime ? "true" : "false")]);
        var unit = string.IsNullOrWhiteSpace(options.SizeUnit) ? "" : options.SizeUnit.Trim() + ", ";
        plot.Axes($"size ({unit}log scale)", logTime ? "elapsed (log scale)" : "elapsed",
            Size, t => logTime ? TimeFormat.LogTick(t) : TimeFormat.Tick(t, plot.Y.Step, plot.Y.Max));

        for (var i = 0; i < breakEvens.Count; i++)
        {
            var b = breakEvens[i];
            plot.VerticalLine("break-even", b.Size, "≈ " + BreakEven.Round(b.Size), i, BreakEvenText(b),
                [("size", TimeFormat.Number(b.Size, 6)), ("below", b.WinnerBelow.ToString()), ("above", b.WinnerAbove.ToString())]);
        }
        foreach (var s in series) plot.Series(s, "elapsed");

        var legend = series.Select(s => new ScalingChartLegendEntry(s.Label, "series-line", s.Color, s.Strategy)).ToList();
        if (breakEvens.Count > 0) legend.Add(new ScalingChartLegendEntry("break-even (winner changes)", "break-even", BreakEvenColor, null));
        plot.Legend(legend);
        return (plot.End(), plot.Height);
    }

    private static ScalingChartSeries Series(List<ScalingPoint> points, bool severalGcModes, string color)
    {
        var first = points[0];
        var label = WithGcMode(first.Strategy.IsBaseline() ? first.Strategy.ToString() : $"{first.Strategy}, {Workers(first)}", first, severalGcModes);
        var marks = points.OrderBy(p => p.Size).Select(p => new ScalingChartMark(
            p.Size, p.Elapsed, p.ElapsedLow, p.ElapsedHigh, Tooltip(p, severalGcModes),
            [
                ("strategy", p.Strategy.ToString()), ("workers", F($"{p.Workers}")), ("threads-per-worker", F($"{p.ThreadsPerWorker}")),
                ("size", F($"{p.Size}")), ("gc-mode", p.GcMode), ("elapsed", TimeFormat.Number(p.Elapsed, 9)),
            ])).ToList();
        return new ScalingChartSeries(label, first.Strategy, color, marks, first.GcMode);
    }

    private static string BreakEvenText(BreakEven b)
    {
        var lines = new List<string> { "break-even: " + b.Summary };
        lines.AddRange(b.Points.Select(p => F($"{p.Strategy} at size {p.Size}: {TimeFormat.Seconds(p.Elapsed)}")));
        return string.Join("\n", lines);
    }
}
