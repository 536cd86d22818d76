using ParallelCmdlets.Measurement;
using static ParallelCmdlets.Reports.ScalingChartStyle;

namespace ParallelCmdlets.Reports;

/// <summary>
/// Speedup against workers (workers × threads per worker), a series per strategy, size and GC mode, with the ideal
/// min(N, cores) and the fitted laws. Sequential is the baseline every speedup is measured against, so it has
/// no series here.
/// </summary>
internal static class ScalingChartSpeedup
{
    private const int FitSamples = 120;
    private const int MaxXTicks = 10, MaxYTicks = 6;

    /// <summary>The points this chart can draw: a strategy other than Sequential, with a usable speedup and a measured time.</summary>
    public static List<ScalingPoint> Drawable(IEnumerable<ScalingPoint> points) =>
        points.Where(p => !p.Strategy.IsBaseline() && SpeedupSample.From(p) is not null && double.IsFinite(p.Elapsed)).ToList();

    /// <summary>Worth a chart when there is a curve: two worker counts or more.</summary>
    public static bool HasCurve(IReadOnlyList<ScalingPoint> points) =>
        Drawable(points).Select(SpeedupSample.ConcurrencyOf).Distinct().Count() >= 2;

    public static (string Svg, double Height) Render(IReadOnlyList<ScalingPoint> points, ScalingChartOptions options, double top)
    {
        var drawable = Drawable(points);
        var severalSizes = drawable.Select(p => p.Size).Distinct().Count() > 1;
        var severalGcModes = ScalingModels.SpanSeveralGcModes(points);
        var series = drawable
            .GroupBy(p => (p.Strategy, p.Size, p.GcMode)).OrderBy(g => g.Key.Strategy).ThenBy(g => g.Key.Size)
            .GroupBy(g => g.Key.Strategy)
            .SelectMany(strategy => strategy.Select((g, i) => Series(g.ToList(), severalSizes, severalGcModes, Color(strategy.Key, i))))
            .ToList();
        var fits = series.Select(s => (Series: s, Model: options.Models.FirstOrDefault(m => m.Strategy == s.Strategy && m.Size == s.Size && m.GcMode == s.GcMode)))
                         .Where(f => f.Model is not null).Select(f => (f.Series, Model: f.Model!)).ToList();
        var anyUsl = fits.Any(f => f.Model.HasUsl);
        var anyAmdahl = fits.Any(f => f.Model.HasAmdahl);
        var cores = Math.Max(1, options.Cores);

        var maxWorkers = drawable.Max(SpeedupSample.ConcurrencyOf);
        var highest = drawable.Max(p => Math.Max(p.Speedup!.Value, p.SpeedupHigh is { } h && double.IsFinite(h) ? h : 0));
        var legendRows = series.Count + 1 + (anyUsl ? 1 : 0) + (anyAmdahl ? 1 : 0);
        var plot = new ScalingChartPlot(ScalingChart.IdPlaceholder + "-speedup", top, legendRows,
            (from, to) => ScalingChartAxis.Linear(maxWorkers, from, to, MaxXTicks, wholeSteps: true),
            (from, to) => ScalingChartAxis.Linear(Math.Max(highest, Ideal(maxWorkers, cores)), from, to, MaxYTicks));

        plot.Begin("speedup", "Speedup against workers", [("cores", F($"{cores}"))]);
        var anyThreadsPerWorker = drawable.Any(p => p.ThreadsPerWorker > 1);
        plot.Axes(anyThreadsPerWorker ? "workers × threads per worker" : "workers", "speedup over Sequential",
            t => TimeFormat.Number(t, 0), t => t == 0 ? "0" : TimeFormat.Number(t, 2) + "×");

        var idealPoints = new List<(double, double)> { (1, 1) };
        if (cores > 1 && cores < plot.X.Max) idealPoints.Add((cores, cores));
        idealPoints.Add((plot.X.Max, Ideal(plot.X.Max, cores)));
        plot.Line("ideal", IdealColor, idealPoints, F($"ideal: min(workers, {cores} cores)"));

        foreach (var (s, model) in fits)
        {
            var samples = Enumerable.Range(0, FitSamples + 1).Select(i => 1 + (plot.X.Max - 1) * i / FitSamples).ToList();
            var data = new[] { ("strategy", s.Strategy.ToString()), ("size", F($"{s.Size}")), ("gc-mode", s.GcMode) };
            if (model.HasUsl)
                plot.Line("fit usl", s.Series.Color, samples.Select(n => (n, model.UslSpeedup(n)!.Value)), UslText(s.Series.Label, model), data);
            if (model.HasAmdahl)
                plot.Line("fit amdahl", s.Series.Color, samples.Select(n => (n, model.AmdahlSpeedup(n)!.Value)), AmdahlText(s.Series.Label, model), data);
        }
        foreach (var s in series) plot.Series(s.Series, "speedup");

        var legend = series.Select(s => new ScalingChartLegendEntry(s.Series.Label, "series-line", s.Series.Color, s.Strategy)).ToList();
        legend.Add(new ScalingChartLegendEntry(F($"ideal: min(workers, {cores} cores)"), "ideal", IdealColor, null));
        if (anyUsl) legend.Add(new ScalingChartLegendEntry("USL fit (contention, coherency)", "fit usl", FitLegendColor, null));
        if (anyAmdahl) legend.Add(new ScalingChartLegendEntry("Amdahl fit (serial fraction)", "fit amdahl", FitLegendColor, null));
        plot.Legend(legend);
        return (plot.End(), plot.Height);
    }

    private static double Ideal(double workers, int cores) => Math.Min(workers, cores);

    private sealed record Drawn(ScalingChartSeries Series, Strategy Strategy, long Size, string GcMode);

    private static Drawn Series(List<ScalingPoint> points, bool severalSizes, bool severalGcModes, string color)
    {
        var first = points[0];
        var label = WithGcMode(severalSizes ? F($"{first.Strategy}, size {first.Size}") : first.Strategy.ToString(), first, severalGcModes);
        var marks = points.OrderBy(SpeedupSample.ConcurrencyOf).Select(p => new ScalingChartMark(
            SpeedupSample.ConcurrencyOf(p), p.Speedup!.Value, p.SpeedupLow, p.SpeedupHigh, Tooltip(p, severalGcModes),
            [
                ("strategy", p.Strategy.ToString()), ("workers", F($"{p.Workers}")), ("threads-per-worker", F($"{p.ThreadsPerWorker}")),
                ("size", F($"{p.Size}")), ("gc-mode", p.GcMode), ("speedup", TimeFormat.Number(p.Speedup!.Value, 4)), ("elapsed", TimeFormat.Number(p.Elapsed, 9)),
            ])).ToList();
        return new Drawn(new ScalingChartSeries(label, first.Strategy, color, marks, first.GcMode), first.Strategy, first.Size, first.GcMode);
    }

    private static string UslText(string label, ScalingModel m) =>
        F($"{label}, Universal Scalability Law: σ = {m.Sigma:0.0000}, κ = {m.Kappa:0.00000}, R² = {m.UslRSquared:0.000}") +
        (m.PeakWorkers is { } peak ? F($"\npredicted peak near {peak:0.#} workers ({m.UslSpeedup(peak):0.00}×)") : "\nno predicted peak");

    private static string AmdahlText(string label, ScalingModel m) =>
        F($"{label}, Amdahl: {m.SerialFraction * 100:0.0} % serial, R² = {m.AmdahlRSquared:0.000}") +
        (m.SerialFraction is { } s && AmdahlLaw.Ceiling(s) is { } ceiling ? F($"\nlevels off near {ceiling:0.#}×") : "");
}
