using System.Globalization;

namespace ParallelCmdlets.Reports;

/// <summary>Colours, CSS and the texts shared by both scaling charts: a strategy reads the same in each.</summary>
internal static class ScalingChartStyle
{
    public const string IdealColor = "#8c959f";
    public const string FitLegendColor = "#57606a";
    public const string BreakEvenColor = "#d62728";

    /// <summary>
    /// The strategy's own shades (its toolchain's), one per series: a second series of the same strategy (another
    /// size, another worker count) stays in its family of colours.
    /// </summary>
    public static string Color(Strategy strategy, int indexWithinStrategy)
    {
        var shades = strategy.Toolchain().Shades;
        return shades[indexWithinStrategy % shades.Count];
    }

    /// <summary>"4 workers", or "2 workers × 4 threads" for process workers with several threads each.</summary>
    public static string Workers(ScalingPoint p) =>
        p.ThreadsPerWorker > 1
            ? F($"{p.Workers} worker{(p.Workers == 1 ? "" : "s")} × {p.ThreadsPerWorker} threads")
            : F($"{p.Workers} worker{(p.Workers == 1 ? "" : "s")}");

    /// <summary>A series label followed by its GC mode, "Processes (server, non-concurrent)", when the points ran under several.</summary>
    public static string WithGcMode(string label, ScalingPoint p, bool severalGcModes) =>
        severalGcModes && p.GcMode.Length > 0 ? $"{label} ({p.GcMode})" : label;

    /// <summary>Every number of a point, one line each, for the hover text; intervals where measured; the GC when the points ran under several.</summary>
    public static string Tooltip(ScalingPoint p, bool severalGcModes = false)
    {
        var lines = new List<string> { F($"{p.Strategy} · {Workers(p)} · size {p.Size} · {p.Tasks} tasks") };
        if (severalGcModes && p.GcMode.Length > 0) lines.Add("GC " + p.GcMode);
        lines.Add("elapsed " + TimeFormat.Seconds(p.Elapsed) + Interval(p.ElapsedLow, p.ElapsedHigh, TimeFormat.Seconds));
        if (p.Speedup is { } s && double.IsFinite(s))
            lines.Add("speedup " + Times(s) + Interval(p.SpeedupLow, p.SpeedupHigh, Times));
        if (p.Efficiency is { } e && double.IsFinite(e)) lines.Add(F($"efficiency {e * 100:0} %"));
        if (!string.IsNullOrWhiteSpace(p.Verdict)) lines.Add(p.Verdict);
        if (!string.IsNullOrWhiteSpace(p.Warnings)) lines.Add("warnings: " + p.Warnings);
        return string.Join("\n", lines);
    }

    /// <summary>" (95 % interval a – b)", or nothing when the interval was not measured.</summary>
    private static string Interval(double? low, double? high, Func<double, string> format) =>
        low is { } l && high is { } h && double.IsFinite(l) && double.IsFinite(h) ? $" (95 % interval {format(l)} – {format(h)})" : "";

    public static string Times(double speedup) => speedup.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    /// <summary>A size for an axis label: 500, 2k, 1.5M.</summary>
    public static string Size(double size) => size switch
    {
        >= 1e9 => (size / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (size / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1e3 => (size / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k",
        _ => size.ToString("0.##", CultureInfo.InvariantCulture),
    };

    public static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public const string Css = """
        <style>
        .figure-title { font: 600 18px system-ui, -apple-system, "Segoe UI", sans-serif; fill: #1f2328; }
        .chart-title { font: 600 14px system-ui, -apple-system, "Segoe UI", sans-serif; fill: #1f2328; }
        .tick-label, .legend text, .axis-title, .break-even text { font: 11px system-ui, -apple-system, "Segoe UI", sans-serif; fill: #57606a; }
        .notes text { font: 12px system-ui, -apple-system, "Segoe UI", sans-serif; fill: #1f2328; }
        .tick-label.x, .axis-title { text-anchor: middle; }
        .tick-label.y { text-anchor: end; }
        .plot-bg { fill: #fbfcfd; }
        .frame { fill: none; stroke: #d0d7de; }
        .grid { stroke: #e5e7eb; stroke-width: 1; }
        .series-line { fill: none; stroke-width: 2; }
        .interval { stroke-width: 1.5; }
        .marker { stroke: #ffffff; stroke-width: 1; }
        .point:hover .marker { stroke: #1f2328; stroke-width: 1.5; }
        .ideal polyline, line.ideal { fill: none; stroke-width: 1.5; }
        .fit polyline, line.fit { fill: none; stroke-width: 1.6; }
        .usl polyline, line.usl { stroke-dasharray: 7 4; }
        .amdahl polyline, line.amdahl { stroke-dasharray: 2 3; }
        .legend line { stroke-width: 2; }
        .break-even line, line.break-even { stroke: #d62728; stroke-width: 1.2; stroke-dasharray: 4 3; }
        .break-even text { fill: #d62728; }
        .fit:hover polyline, .ideal:hover polyline { stroke-width: 3; }
        </style>

        """;
}
