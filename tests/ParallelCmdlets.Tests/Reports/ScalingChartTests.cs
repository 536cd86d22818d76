using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Reports;
using static ParallelCmdlets.Tests.Measurement.Scaling.SyntheticScaling;

namespace ParallelCmdlets.Tests.Reports;

public class ScalingChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly int[] Workers = [1, 2, 4, 8, 16];
    private static readonly long[] Sizes = [10, 25, 50, 200, 400, 1000];

    /// <summary>Threads contend (σ 0.05, κ 0.002), processes scale near-linearly, plus the Sequential baseline.</summary>
    private static List<ScalingPoint> WorkerSweep() =>
        Sweep(n => UniversalScalabilityLaw.Speedup(0.05, 0.002, n), Workers)
            .Concat(Sweep(n => UniversalScalabilityLaw.Speedup(0.002, 0, n), Workers, strategy: Strategy.Processes))
            .Append(new ScalingPoint { Workload = "Synthetic", Strategy = Strategy.Sequential, Workers = 1, Size = 1000, Tasks = 16, Elapsed = 10, Speedup = 1 })
            .ToList();

    /// <summary>Processes win below size 100, threads above.</summary>
    private static List<ScalingPoint> SizeSweepPoints() =>
        SizeSweep(Strategy.Threads, s => 0.20 + 0.0010 * s, Sizes)
            .Concat(SizeSweep(Strategy.Processes, s => 0.05 + 0.0025 * s, Sizes))
            .Concat(SizeSweep(Strategy.Sequential, s => 0.01 + 0.004 * s, Sizes))
            .ToList();

    private static XElement Parse(string svg) => XDocument.Parse(svg).Root!;

    private static XElement Render(IReadOnlyList<ScalingPoint> points, ScalingChartOptions? options = null) =>
        Parse(ScalingChart.Render(points, options));

    private static IEnumerable<XElement> WithClass(XElement root, string cls) =>
        root.DescendantsAndSelf().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cls) == true);

    private static XElement Chart(XElement root, string kind) => WithClass(root, "chart").Single(c => WithClass(c, kind).Contains(c));

    /// <summary>The drawn groups of a class (a curve, a break-even), not the legend's swatch lines.</summary>
    private static List<XElement> Drawn(XElement root, string cls) => WithClass(root, cls).Where(e => e.Name == Svg + "g").ToList();

    private static string Title(XElement e) => (string)e.Element(Svg + "title")!;

    private static double Number(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private static List<(double X, double Y)> Polyline(XElement g) =>
        ((string)g.Descendants(Svg + "polyline").Single().Attribute("points")!).Split(' ')
            .Select(pair => pair.Split(',')).Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))
            .ToList();

    private static (double X, double Y) MarkerCentre(XElement point)
    {
        var marker = WithClass(point, "marker").Single();
        return marker.Name.LocalName == "circle"
            ? (Number(marker, "cx"), Number(marker, "cy"))
            : (Number(marker, "x") + Number(marker, "width") / 2, Number(marker, "y") + Number(marker, "height") / 2);
    }

    [Fact]
    public void Is_well_formed_svg_for_a_worker_sweep_a_size_sweep_both_and_none()
    {
        foreach (var points in new[] { WorkerSweep(), SizeSweepPoints(), WorkerSweep().Concat(SizeSweepPoints()).ToList(), [] })
        {
            var root = Render(points);
            Assert.Equal(Svg + "svg", root.Name);
            Assert.Equal("scaling-chart", (string)root.Attribute("class")!);
        }
    }

    [Fact]
    public void Draws_speedup_against_workers_for_a_worker_sweep_and_elapsed_against_size_for_a_size_sweep()
    {
        Assert.Equal("speedup", (string)Render(WorkerSweep()).Attribute("data-charts")!);
        Assert.Equal("elapsed", (string)Render(SizeSweepPoints()).Attribute("data-charts")!);
        Assert.Equal("speedup elapsed", (string)Render(WorkerSweep().Concat(SizeSweepPoints()).ToList()).Attribute("data-charts")!);
    }

    [Fact]
    public void Draws_one_speedup_marker_per_point_with_all_its_numbers_in_the_hover_text()
    {
        var points = WorkerSweep();
        var marks = WithClass(Chart(Render(points), "speedup"), "point").ToList();

        var parallel = points.Where(p => p.Strategy != Strategy.Sequential).ToList();
        Assert.Equal(parallel.Count, marks.Count);
        var threads4 = parallel.Single(p => p.Strategy == Strategy.Threads && p.Workers == 4);
        var mark = marks.Single(m => (string)m.Attribute("data-strategy")! == "Threads" && (string)m.Attribute("data-workers")! == "4");
        var text = Title(mark);
        Assert.StartsWith("Threads · 4 workers · size 1000 · 16 tasks\n", text);
        Assert.Contains(FormattableString.Invariant($"speedup {threads4.Speedup:0.00}× (95 % interval {threads4.SpeedupLow:0.00}× – {threads4.SpeedupHigh:0.00}×)"), text);
        Assert.Contains("elapsed " + TimeFormat.Seconds(threads4.Elapsed) + " (95 % interval ", text);
        Assert.Contains(FormattableString.Invariant($"efficiency {threads4.Efficiency * 100:0} %"), text);
        Assert.Single(WithClass(mark, "interval"));
    }

    [Fact]
    public void Draws_markers_higher_for_higher_speedups_and_further_right_for_more_workers()
    {
        var threads = WithClass(Chart(Render(WorkerSweep()), "speedup"), "point")
            .Where(m => (string)m.Attribute("data-strategy")! == "Threads").Select(MarkerCentre).ToList();

        Assert.Equal(threads.OrderBy(c => c.X), threads);
        Assert.True(threads[^1].Y < threads[0].Y, "16 workers are faster than one: higher on the page");
    }

    [Fact]
    public void Draws_the_ideal_line_up_to_the_cores_and_flat_after()
    {
        var ideal = Drawn(Render(WorkerSweep(), new ScalingChartOptions { Cores = 4 }), "ideal").Single();
        var line = Polyline(ideal);

        Assert.Equal("ideal: min(workers, 4 cores)", Title(ideal));
        Assert.Equal(3, line.Count);
        Assert.Equal(line[1].Y, line[2].Y, 2);
        Assert.True(line[1].Y < line[0].Y);
    }

    [Fact]
    public void Draws_the_ideal_line_straight_when_the_cores_reach_past_the_sweep()
    {
        var line = Polyline(Drawn(Render(WorkerSweep(), new ScalingChartOptions { Cores = 64 }), "ideal").Single());

        Assert.Equal(2, line.Count);
    }

    [Fact]
    public void Draws_no_fitted_curve_without_a_model()
    {
        Assert.Empty(Drawn(Render(WorkerSweep()), "fit"));
    }

    [Fact]
    public void Draws_each_fitted_law_dashed_over_its_strategy_when_models_are_given()
    {
        var points = WorkerSweep();
        var root = Render(points, new ScalingChartOptions { Models = ScalingModels.FitEach(points) });

        var usl = Drawn(root, "usl");
        var amdahl = Drawn(root, "amdahl");
        Assert.Equal(["Threads", "Processes"], usl.Select(g => (string)g.Attribute("data-strategy")!));
        Assert.Equal(["Threads", "Processes"], amdahl.Select(g => (string)g.Attribute("data-strategy")!));
        Assert.StartsWith("Threads, Universal Scalability Law: σ = 0.0500, κ = 0.00200, R² = 1.000\npredicted peak near 21.8 workers", Title(usl[0]));
        Assert.Contains(WithClass(root, "legend-entry"), e => WithClass(e, "usl").Any() && ((string)e).StartsWith("USL fit"));
        Assert.Contains("Threads: ", (string)WithClass(root, "notes").Single());
    }

    [Fact]
    public void Draws_one_series_per_gc_mode_with_the_gc_in_its_label_its_fit_and_its_hover_text()
    {
        const string workstation = "workstation, non-concurrent", server = "server, non-concurrent";
        var points = Sweep(n => UniversalScalabilityLaw.Speedup(0.05, 0.002, n), Workers, strategy: Strategy.Processes, gcMode: workstation)
            .Concat(Sweep(n => UniversalScalabilityLaw.Speedup(0.002, 0, n), Workers, strategy: Strategy.Processes, gcMode: server))
            .ToList();
        var root = Render(points, new ScalingChartOptions { Models = ScalingModels.FitEach(points) });
        var chart = Chart(root, "speedup");

        var series = WithClass(chart, "series").ToList();
        Assert.Equal([workstation, server], series.Select(g => (string)g.Attribute("data-gc-mode")!));
        Assert.Equal(["Processes (workstation, non-concurrent)", "Processes (server, non-concurrent)"], series.Select(g => (string)g.Attribute("data-label")!));
        Assert.NotEqual(series[0].Descendants(Svg + "polyline").First().Attribute("style")!.Value, series[1].Descendants(Svg + "polyline").First().Attribute("style")!.Value);
        Assert.Equal(["Processes (workstation, non-concurrent)", "Processes (server, non-concurrent)"],
            WithClass(chart, "legend-entry").Select(e => (string)e).Where(t => t.StartsWith("Processes")));
        Assert.Equal([workstation, server], Drawn(chart, "usl").Select(g => (string)g.Attribute("data-gc-mode")!));
        Assert.StartsWith("Processes (server, non-concurrent), Universal Scalability Law: σ = 0.0020", Title(Drawn(chart, "usl")[1]));
        var mark = WithClass(series[1], "point").First();
        Assert.StartsWith("Processes · 1 worker · size 1000 · 16 tasks\nGC server, non-concurrent\nelapsed ", Title(mark));
    }

    [Fact]
    public void Leaves_the_gc_out_of_labels_and_hover_text_when_every_point_ran_under_the_same_one()
    {
        var points = Sweep(n => n, Workers, strategy: Strategy.Processes, gcMode: "workstation, non-concurrent");
        var series = WithClass(Chart(Render(points), "speedup"), "series").Single();

        Assert.Equal("Processes", (string)series.Attribute("data-label")!);
        Assert.DoesNotContain("GC ", Title(WithClass(series, "point").First()));
    }

    [Fact]
    public void Draws_a_fitted_curve_through_the_points_it_was_fitted_to()
    {
        var points = WorkerSweep();
        var chart = Chart(Render(points, new ScalingChartOptions { Models = ScalingModels.FitEach(points) }), "speedup");
        var curve = Polyline(Drawn(chart, "usl").First());
        var marks = WithClass(chart, "point").Where(m => (string)m.Attribute("data-strategy")! == "Threads").Select(MarkerCentre);

        // Clean points: each marker lies on the sampled curve within a pixel or two.
        Assert.All(marks, m => Assert.True(curve.Min(c => Math.Abs(c.X - m.X) + Math.Abs(c.Y - m.Y)) < 3, $"marker at {m}"));
    }

    [Fact]
    public void Draws_elapsed_against_size_on_a_log_axis_with_one_marker_per_point_including_sequential()
    {
        var points = SizeSweepPoints();
        var chart = Chart(Render(points, new ScalingChartOptions { SizeUnit = "MB" }), "elapsed");
        var marks = WithClass(chart, "point").ToList();

        Assert.Equal(points.Count, marks.Count);
        Assert.Equal(["10", "20", "50", "100", "200", "500", "1k"],
            WithClass(chart, "tick").Where(t => WithClass(t, "x").Contains(t)).Select(t => (string)WithClass(t, "tick-label").Single()));
        Assert.Contains(WithClass(chart, "axis-title"), t => (string)t == "size (MB, log scale)");
        var threads = marks.Where(m => (string)m.Attribute("data-strategy")! == "Threads").Select(MarkerCentre).ToList();
        Assert.True(threads[0].Y > threads[^1].Y, "the largest size takes longest: higher on the page");
    }

    [Fact]
    public void Puts_times_on_a_log_axis_when_they_span_more_than_twenty_times()
    {
        var wide = SizeSweep(Strategy.Threads, s => 0.001 * s, [10, 100, 1000]);
        var narrow = SizeSweep(Strategy.Threads, s => 1 + 0.001 * s, [10, 100, 1000]);

        Assert.Equal("true", (string)Chart(Render(wide), "elapsed").Attribute("data-log-time")!);
        Assert.Equal("false", (string)Chart(Render(narrow), "elapsed").Attribute("data-log-time")!);
    }

    [Fact]
    public void Draws_each_break_even_between_the_sizes_around_it_with_its_summary_on_hover()
    {
        var points = SizeSweepPoints();
        var breakEvens = BreakEvenFinder.Find(points, Strategy.Threads, Strategy.Processes);
        var chart = Chart(Render(points, new ScalingChartOptions { BreakEvens = breakEvens }), "elapsed");

        var line = Drawn(chart, "break-even").Single();
        var x = Number(line.Descendants(Svg + "line").Single(), "x1");
        var around = WithClass(chart, "point").Where(m => (string)m.Attribute("data-strategy")! == "Threads")
            .Where(m => (string)m.Attribute("data-size")! is "50" or "200").Select(m => MarkerCentre(m).X).ToList();
        Assert.InRange(x, around[0], around[1]);
        Assert.StartsWith("break-even: Processes faster below size ≈ 104", Title(line));
        Assert.Contains("≈ 104", (string)line.Element(Svg + "text")!);
    }

    [Fact]
    public void Keeps_the_legend_right_of_the_plot_and_inside_the_chart_however_many_series()
    {
        // Twelve sizes of a worker sweep: twelve speedup series, a legend taller than the default plot.
        var points = Enumerable.Range(1, 12).SelectMany(i => Sweep(n => AmdahlLaw.Speedup(0.01 * i, n), Workers, size: i * 100)).ToList();
        var root = Render(points);
        var chart = Chart(root, "speedup");

        var frame = WithClass(chart, "frame").Single();
        var frameRight = Number(frame, "x") + Number(frame, "width");
        var frameBottom = Number(frame, "y") + Number(frame, "height");
        var legendTexts = WithClass(chart, "legend").Single().Descendants(Svg + "text").ToList();
        Assert.Equal(13, legendTexts.Count);
        Assert.All(WithClass(chart, "legend").Single().Descendants(Svg + "line"), l => Assert.True(Number(l, "x1") > frameRight));
        Assert.All(legendTexts, t => Assert.True(Number(t, "y") <= frameBottom, "legend row below the plot's bottom"));
        Assert.All(legendTexts, t => Assert.True(Number(t, "x") + 6.3 * ((string)t).Length <= Number(root, "width")));
    }

    [Fact]
    public void Stacks_the_elapsed_chart_below_the_speedup_chart()
    {
        var root = Render(WorkerSweep().Concat(SizeSweepPoints()).ToList());
        var frames = WithClass(root, "frame").ToList();

        Assert.True(Number(frames[1], "y") > Number(frames[0], "y") + Number(frames[0], "height"));
        Assert.True(Number(root, "height") > Number(frames[1], "y") + Number(frames[1], "height"));
    }

    [Fact]
    public void Writes_no_nan_or_infinity_even_for_points_without_numbers()
    {
        var points = WorkerSweep();
        points.Add(new ScalingPoint { Strategy = Strategy.Threads, Workers = 3, Size = 1000, Elapsed = 0, Speedup = double.NaN });
        points.Add(new ScalingPoint { Strategy = Strategy.Threads, Workers = 5, Size = 1000, Elapsed = double.PositiveInfinity, Speedup = 2, SpeedupHigh = double.PositiveInfinity });
        points.Add(new ScalingPoint { Strategy = Strategy.Processes, Workers = 0, Size = 0, Elapsed = 1, Speedup = null });
        var svg = ScalingChart.Render(points, new ScalingChartOptions { Models = ScalingModels.FitEach(points), Cores = 0 });

        Assert.DoesNotMatch(new Regex("NaN|Infinity|∞"), svg);
        foreach (var attribute in Parse(svg).DescendantsAndSelf().Attributes().Where(a => a.Name.LocalName is "x" or "y" or "x1" or "x2" or "y1" or "y2" or "cx" or "cy" or "width" or "height"))
            Assert.True(double.IsFinite(double.Parse(attribute.Value, CultureInfo.InvariantCulture)), $"{attribute.Name}={attribute.Value}");
    }

    [Fact]
    public void Names_its_clip_paths_apart_from_another_figure_and_refers_only_to_its_own()
    {
        var figures = new[] { Render(WorkerSweep()), Render(WorkerSweep().Concat(SizeSweepPoints()).ToList()) };
        var ids = figures.Select(f => f.Descendants(Svg + "clipPath").Select(c => (string)c.Attribute("id")!).ToList()).ToList();

        Assert.Empty(ids[0].Intersect(ids[1]));
        foreach (var (figure, own) in figures.Zip(ids))
        {
            var references = figure.Descendants().Select(e => (string?)e.Attribute("clip-path")).OfType<string>().Distinct();
            Assert.All(references, r => Assert.Contains(r["url(#".Length..^1], own));
        }
    }

    [Fact]
    public void Writes_the_same_invariant_numbers_whatever_the_current_culture()
    {
        var points = WorkerSweep().Concat(SizeSweepPoints()).ToList();
        var options = new ScalingChartOptions { Models = ScalingModels.FitEach(points), BreakEvens = BreakEvenFinder.FindAll(SizeSweepPoints()) };
        var invariant = ScalingChart.Render(points, options);
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(invariant, ScalingChart.Render(points, options));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
        Assert.Contains("σ = 0.0500", invariant);
    }

    [Fact]
    public void Still_draws_a_single_point_and_says_so_when_there_is_nothing_to_draw()
    {
        var single = Render(Sweep(n => 1.8, [2]));
        var empty = Render([]);

        Assert.Single(WithClass(single, "point"));
        Assert.Equal("", (string)empty.Attribute("data-charts")!);
        Assert.Contains("No points", (string)WithClass(empty, "empty").Single());
    }

    [Fact]
    public void Escapes_the_workload_name_in_the_title()
    {
        var points = Sweep(n => n, Workers).Select(p => new ScalingPoint { Workload = "a<b & \"c\"", Strategy = p.Strategy, Workers = p.Workers, Size = p.Size, Elapsed = p.Elapsed, Speedup = p.Speedup }).ToList();

        Assert.Equal("a<b & \"c\": scaling", Title(Render(points)));
    }

    [Fact]
    public void Wraps_the_svg_in_a_page_that_fetches_nothing_and_shows_the_hover_text()
    {
        var html = ScalingChart.RenderHtml(WorkerSweep(), new ScalingChartOptions { Title = "Loop on 2 cores" });

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<title>Loop on 2 cores</title>", html);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"scaling-chart\"", html);
        Assert.Contains("svg.querySelectorAll('.point, .fit, .ideal, .break-even')", html);
        Assert.DoesNotMatch(new Regex(@"\b(src|href)\s*=|@import|url\((?!#)"), html);
        Assert.Equal(["http://www.w3.org/2000/svg"], Regex.Matches(html, @"https?://[^""'\s)]+").Select(m => m.Value).Distinct());
    }
}
