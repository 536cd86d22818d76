using System.Text;

namespace ParallelCmdlets.Reports;

/// <summary>One series of a scaling chart: its points in order along x, a label, a colour, a marker shape, and the GC its points ran under.</summary>
internal sealed record ScalingChartSeries(string Label, Strategy Strategy, string Color, IReadOnlyList<ScalingChartMark> Marks, string GcMode = "");

/// <summary>A point of a series: where it sits, its interval on y (if measured), its hover text and data attributes.</summary>
internal sealed record ScalingChartMark(double X, double Y, double? YLow, double? YHigh, string Tooltip, IReadOnlyList<(string Name, string Value)> Data);

/// <summary>A legend line: a series, or a line style (ideal, fits) with its class.</summary>
internal sealed record ScalingChartLegendEntry(string Label, string Class, string Color, Strategy? Marker);

/// <summary>
/// One chart of a scaling figure: a frame with ticks and grid, series of markers joined by lines, extra lines
/// (ideal, fitted curves, break-evens) clipped to the frame, and a legend in a column of its own to the right,
/// so it can never cover the plot; the chart grows taller when the legend needs it.
/// </summary>
internal sealed class ScalingChartPlot
{
    public const double Width = 1000;
    private const double Left = 78, PlotWidth = 620, PlotHeight = 330, TitleHeight = 40, BottomMargin = 52;
    // 40 characters hold "Processes (workstation, non-concurrent)", a series label when the GC modes are compared.
    private const double LegendX = Left + PlotWidth + 28, LegendRow = 20, LegendMaxChars = 40, LegendCharWidth = 6.3;
    private const double MarkerRadius = 4.5;

    private readonly StringBuilder svg = new();
    private readonly string id;
    private readonly double top, plotTop, plotBottom;

    public ScalingChartAxis X { get; }
    public ScalingChartAxis Y { get; }
    public double Height { get; }

    /// <param name="id">Unique in the figure: names the clip path.</param>
    /// <param name="legendRows">How many legend lines will be drawn, so the chart is tall enough for them.</param>
    public ScalingChartPlot(string id, double top, int legendRows,
        Func<double, double, ScalingChartAxis> xAxis, Func<double, double, ScalingChartAxis> yAxis)
    {
        this.id = id;
        this.top = top;
        plotTop = top + TitleHeight;
        var plotHeight = Math.Max(PlotHeight, legendRows * LegendRow);
        plotBottom = plotTop + plotHeight;
        Height = TitleHeight + plotHeight + BottomMargin;
        X = xAxis(Left, Left + PlotWidth);
        Y = yAxis(plotBottom, plotTop);
    }

    public double Px(double x) => X.ToPixel(x);
    public double Py(double y) => Y.ToPixel(y);

    public void Begin(string kind, string title, IEnumerable<(string Name, string Value)> data)
    {
        svg.Append($"<g class=\"chart {kind}\"");
        foreach (var (name, value) in data) svg.Append($" data-{name}=\"{Xml(value)}\"");
        svg.Append(">\n")
           .Append($"<clipPath id=\"{id}-clip\"><rect x=\"{N(Left)}\" y=\"{N(plotTop)}\" width=\"{N(PlotWidth)}\" height=\"{N(plotBottom - plotTop)}\"/></clipPath>\n")
           .Append($"<text class=\"chart-title\" x=\"{N(Left)}\" y=\"{N(top + 22)}\">{Xml(title)}</text>\n")
           .Append($"<rect class=\"plot-bg\" x=\"{N(Left)}\" y=\"{N(plotTop)}\" width=\"{N(PlotWidth)}\" height=\"{N(plotBottom - plotTop)}\"/>\n");
    }

    /// <summary>Grid lines, tick labels and axis titles; the tick labels come from the caller, which knows the unit.</summary>
    public void Axes(string xTitle, string yTitle, Func<double, string> xLabel, Func<double, string> yLabel)
    {
        svg.Append("<g class=\"axes\">");
        foreach (var t in X.Ticks)
        {
            var x = N(Px(t));
            svg.Append($"<g class=\"tick x\" data-value=\"{N(t, 9)}\"><line class=\"grid\" x1=\"{x}\" x2=\"{x}\" y1=\"{N(plotTop)}\" y2=\"{N(plotBottom)}\"/>")
               .Append($"<text class=\"tick-label x\" x=\"{x}\" y=\"{N(plotBottom + 16)}\">{Xml(xLabel(t))}</text></g>");
        }
        foreach (var t in Y.Ticks)
        {
            var y = N(Py(t));
            svg.Append($"<g class=\"tick y\" data-value=\"{N(t, 9)}\"><line class=\"grid\" x1=\"{N(Left)}\" x2=\"{N(Left + PlotWidth)}\" y1=\"{y}\" y2=\"{y}\"/>")
               .Append($"<text class=\"tick-label y\" x=\"{N(Left - 8)}\" y=\"{N(Py(t) + 4)}\">{Xml(yLabel(t))}</text></g>");
        }
        svg.Append($"<rect class=\"frame\" x=\"{N(Left)}\" y=\"{N(plotTop)}\" width=\"{N(PlotWidth)}\" height=\"{N(plotBottom - plotTop)}\"/>")
           .Append($"<text class=\"axis-title x\" x=\"{N(Left + PlotWidth / 2)}\" y=\"{N(plotBottom + 38)}\">{Xml(xTitle)}</text>")
           .Append($"<text class=\"axis-title y\" transform=\"translate({N(Left - 52)} {N((plotTop + plotBottom) / 2)}) rotate(-90)\">{Xml(yTitle)}</text>")
           .Append("</g>\n");
    }

    /// <summary>A line through data points (not a series: the ideal, a fitted curve), clipped to the frame, with hover text.</summary>
    public void Line(string cls, string color, IEnumerable<(double X, double Y)> points, string tooltip, IEnumerable<(string Name, string Value)>? data = null)
    {
        var coordinates = Coordinates(points);
        if (coordinates.Length == 0) return;
        svg.Append($"<g class=\"{cls}\"");
        foreach (var (name, value) in data ?? []) svg.Append($" data-{name}=\"{Xml(value)}\"");
        svg.Append($"><title>{Xml(tooltip)}</title>")
           .Append($"<polyline clip-path=\"url(#{id}-clip)\" points=\"{coordinates}\" style=\"stroke: {color}\"/></g>\n");
    }

    /// <summary>A vertical line across the frame at <paramref name="x"/>, with a short label at its top.</summary>
    public void VerticalLine(string cls, double x, string label, int labelRow, string tooltip, IEnumerable<(string Name, string Value)> data)
    {
        if (!X.Contains(x)) return;
        var px = N(Px(x));
        svg.Append($"<g class=\"{cls}\"");
        foreach (var (name, value) in data) svg.Append($" data-{name}=\"{Xml(value)}\"");
        svg.Append($"><title>{Xml(tooltip)}</title>")
           .Append($"<line x1=\"{px}\" x2=\"{px}\" y1=\"{N(plotTop)}\" y2=\"{N(plotBottom)}\"/>")
           .Append($"<text x=\"{N(Px(x) + 5)}\" y=\"{N(plotTop + 14 + 13 * labelRow)}\">{Xml(label)}</text></g>\n");
    }

    /// <summary>A series: the line joining its marks, then one marker per mark with its interval and hover text.</summary>
    public void Series(ScalingChartSeries series, string kind)
    {
        svg.Append($"<g class=\"series {kind}\" data-strategy=\"{series.Strategy}\" data-gc-mode=\"{Xml(series.GcMode)}\" data-label=\"{Xml(series.Label)}\">");
        if (series.Marks.Count > 1)
            svg.Append($"<polyline class=\"series-line\" points=\"{Coordinates(series.Marks.Select(m => (m.X, m.Y)))}\" style=\"stroke: {series.Color}\"/>");
        svg.Append('\n');
        foreach (var mark in series.Marks)
        {
            svg.Append("<g class=\"point\"");
            foreach (var (name, value) in mark.Data) svg.Append($" data-{name}=\"{Xml(value)}\"");
            svg.Append($"><title>{Xml(mark.Tooltip)}</title>");
            var (x, y) = (Px(mark.X), Py(mark.Y));
            if (mark.YLow is { } low && mark.YHigh is { } high && double.IsFinite(low) && double.IsFinite(high))
                svg.Append($"<line class=\"interval\" x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{N(Py(low))}\" y2=\"{N(Py(high))}\" style=\"stroke: {series.Color}\"/>");
            Marker(series.Strategy, series.Color, x, y);
            svg.Append("</g>\n");
        }
        svg.Append("</g>\n");
    }

    /// <summary>The legend, in its own column right of the frame: a swatch and a label per entry.</summary>
    public void Legend(IReadOnlyList<ScalingChartLegendEntry> entries)
    {
        svg.Append("<g class=\"legend\">");
        var y = plotTop + 8;
        foreach (var entry in entries)
        {
            svg.Append($"<g class=\"legend-entry\" data-style=\"{entry.Class}\">")
               .Append($"<line class=\"{entry.Class}\" x1=\"{N(LegendX)}\" x2=\"{N(LegendX + 24)}\" y1=\"{N(y)}\" y2=\"{N(y)}\" style=\"stroke: {entry.Color}\"/>");
            if (entry.Marker is { } strategy) Marker(strategy, entry.Color, LegendX + 12, y);
            var label = entry.Label.Length > LegendMaxChars ? entry.Label[..(int)(LegendMaxChars - 1)] + "…" : entry.Label;
            svg.Append($"<text x=\"{N(LegendX + 32)}\" y=\"{N(y + 4)}\">{Xml(label)}</text></g>");
            y += LegendRow;
        }
        svg.Append("</g>\n");
    }

    /// <summary>How wide the legend may be drawn: the figure is sized to hold it.</summary>
    public static double LegendRight => LegendX + 32 + LegendMaxChars * LegendCharWidth;

    public string End()
    {
        svg.Append("</g>\n");
        return svg.ToString();
    }

    /// <summary>One shape per strategy besides its colour, so the lines tell apart in grey too.</summary>
    private void Marker(Strategy strategy, string color, double x, double y)
    {
        var r = MarkerRadius;
        svg.Append(strategy.Toolchain().Marker switch
        {
            Strategies.ChartMarker.Square => $"<rect class=\"marker\" x=\"{N(x - r)}\" y=\"{N(y - r)}\" width=\"{N(2 * r)}\" height=\"{N(2 * r)}\" style=\"fill: {color}\"/>",
            Strategies.ChartMarker.Diamond => $"<path class=\"marker\" d=\"M{N(x)} {N(y - r - 1)}L{N(x + r + 1)} {N(y)}L{N(x)} {N(y + r + 1)}L{N(x - r - 1)} {N(y)}Z\" style=\"fill: {color}\"/>",
            _ => $"<circle class=\"marker\" cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(r)}\" style=\"fill: {color}\"/>",
        });
    }

    private string Coordinates(IEnumerable<(double X, double Y)> points) =>
        string.Join(" ", points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
                               .Select(p => N(Px(p.X)) + "," + N(Py(p.Y))));

    private static string N(double value, int decimals = 2) => TimeFormat.Number(value, decimals);

    private static string Xml(string text) => TimelineSvg.X(text);
}
