using System.Security.Cryptography;
using System.Text;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Reports;

/// <summary>
/// Draws the points of a scaling sweep as SVG, or as a self-contained HTML page around it (inline CSS and
/// script, nothing fetched): speedup against workers when the sweep has several worker counts, elapsed against
/// size when it has several sizes, both stacked when it has both. Hand-written beside the timeline for the
/// same reasons: no served plotting library renders SVG without a browser or native code, and the markup stays
/// stable for tests (classes chart, series, point, ideal, fit usl, fit amdahl, break-even, legend, tick).
/// Every number in the markup is invariant culture; every point's numbers are in its hover title.
/// </summary>
public static class ScalingChart
{
    private const double HeaderHeight = 44, ChartGap = 12, NoteRow = 18, BottomMargin = 14;

    /// <summary>
    /// Stands for the figure's id prefix until the figure is drawn; control characters never survive the
    /// escaping of user text, so no title or label can contain it.
    /// </summary>
    internal const string IdPlaceholder = "\u0001figure\u0001";

    public static string Render(IReadOnlyList<ScalingPoint> points, ScalingChartOptions? options = null)
    {
        options ??= new ScalingChartOptions();
        var title = Title(points, options);
        var body = new StringBuilder();
        var kinds = new List<string>();
        var y = HeaderHeight;

        var speedup = ScalingChartSpeedup.HasCurve(points);
        var elapsed = ScalingChartElapsed.HasCurve(points);
        // One worker count and one size still deserve a picture: the speedup if there is one, else the time.
        if (!speedup && !elapsed)
        {
            speedup = ScalingChartSpeedup.Drawable(points).Count > 0;
            elapsed = !speedup && ScalingChartElapsed.Drawable(points).Count > 0;
        }
        if (speedup) y = Append(body, kinds, "speedup", y, ScalingChartSpeedup.Render(points, options, y));
        if (elapsed) y = Append(body, kinds, "elapsed", y, ScalingChartElapsed.Render(points, options, y));
        if (kinds.Count == 0)
        {
            body.Append($"<text class=\"empty\" x=\"16\" y=\"{N(y + 20)}\">No points with a speedup or an elapsed time to draw.</text>\n");
            y += 40;
        }

        // One note a model: a sweep's one-line summary runs far past the figure's right edge.
        var notes = options.Models.Select(m => m.Summary).ToList();
        notes.AddRange(options.BreakEvens.Select(b => "Break-even: " + b.Summary));
        if (notes.Count > 0)
        {
            body.Append("<g class=\"notes\">");
            foreach (var note in notes)
            {
                y += NoteRow;
                body.Append($"<text x=\"16\" y=\"{N(y)}\">{TimelineSvg.X(note)}</text>");
            }
            body.Append("</g>\n");
        }
        var height = y + BottomMargin;
        var width = Math.Max(ScalingChartPlot.Width, ScalingChartPlot.LegendRight + 16);

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"scaling-chart\" width=\"{N(width)}\" height=\"{N(height)}\" ")
           .Append($"viewBox=\"0 0 {N(width)} {N(height)}\" role=\"img\" aria-label=\"{TimelineSvg.X(title)}\" ")
           .Append($"data-charts=\"{string.Join(' ', kinds)}\" data-points=\"{points.Count}\">\n")
           .Append($"<title>{TimelineSvg.X(title)}</title>\n").Append(ScalingChartStyle.Css)
           .Append($"<text class=\"figure-title\" x=\"16\" y=\"28\">{TimelineSvg.X(title)}</text>\n")
           .Append(body).Append("</svg>\n");
        return WithFigureId(svg.ToString());
    }

    /// <summary>The SVG in a page of its own: hovering a point or a curve shows its numbers in a small tooltip.</summary>
    public static string RenderHtml(IReadOnlyList<ScalingPoint> points, ScalingChartOptions? options = null)
    {
        options ??= new ScalingChartOptions();
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
               $"<title>{TimelineSvg.X(Title(points, options))}</title>\n" +
               TimelineHtmlAssets.ErrorCapture + TimelineHtmlAssets.PageStyle +
               "</head>\n<body>\n<main>\n" + Render(points, options) + "</main>\n<div id=\"tip\" role=\"tooltip\"></div>\n" +
               TimelineHtmlAssets.TooltipScript("svg.scaling-chart", ".point, .fit, .ideal, .break-even") + "</body>\n</html>\n";
    }

    /// <summary>
    /// Ids (the clip paths) named after a hash of the figure: several figures in one page never share an id,
    /// unless they are the same figure, whose clip paths are the same too; and the output stays deterministic.
    /// </summary>
    private static string WithFigureId(string svg)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(svg)))[..12].ToLowerInvariant();
        return svg.Replace(IdPlaceholder, "scaling-" + hash);
    }

    private static string Title(IReadOnlyList<ScalingPoint> points, ScalingChartOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Title)) return options.Title;
        var workloads = points.Select(p => p.Workload).Where(w => !string.IsNullOrEmpty(w)).Distinct().ToList();
        return workloads.Count == 0 ? "Scaling" : string.Join(", ", workloads) + ": scaling";
    }

    /// <summary>Adds a chart drawn at <paramref name="top"/>; returns where the next one starts.</summary>
    private static double Append(StringBuilder body, List<string> kinds, string kind, double top, (string Svg, double Height) chart)
    {
        body.Append(chart.Svg);
        kinds.Add(kind);
        return top + chart.Height + ChartGap;
    }

    private static string N(double value) => TimeFormat.Number(value);
}
