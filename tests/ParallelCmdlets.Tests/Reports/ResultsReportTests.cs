using System.Globalization;
using System.Xml.Linq;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Reports;
using ParallelCmdlets.Tests.Measurement;

namespace ParallelCmdlets.Tests.Reports;

public class ResultsReportTests
{
    private static readonly EnvironmentInfo Here = EnvironmentInfo.Capture("7.6.9", ".NET 10.0.1", "workstation, non-concurrent");

    private static IReadOnlyList<StrategyResult> Compared() => ParallelCmdlets.Measurement.Comparison.Analyze(
    [
        SyntheticRuns.Measured(Strategy.Sequential, SyntheticRuns.Around(4), 1),
        SyntheticRuns.Measured(Strategy.Threads, [2.0, 2.1, 1.9, 4.5, 2.05], 1),
        SyntheticRuns.Measured(Strategy.Processes, SyntheticRuns.Around(3), 1, transfer: 0.1),
    ], 2, Here);

    private static IEnumerable<XElement> Class(XElement root, string name) =>
        root.Descendants().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(name) == true);

    [Fact]
    public void The_dot_plot_has_a_dot_per_run_at_its_time_and_rings_each_run_nearest_the_mean()
    {
        var results = Compared();
        var svg = XElement.Parse(RunDotPlot.Render(results, "runs"));
        var dots = Class(svg, "run-dot").ToList();
        Assert.Equal(15, dots.Count);
        Assert.Equal(3, Class(svg, "shown-dot").Count());
        Assert.Equal(3, Class(svg, "strategy-row").Count());
        // On one axis, a longer run sits further right: x grows with the time.
        var byTime = dots.Select(d => (Seconds: double.Parse((string)d.Attribute("data-seconds")!, CultureInfo.InvariantCulture),
            X: double.Parse((string)d.Attribute("cx")!, CultureInfo.InvariantCulture))).OrderBy(d => d.Seconds).ToList();
        Assert.Equal(byTime.Select(d => d.X).Order(), byTime.Select(d => d.X));
        // The outlier run of Threads (4.5 s) is right of every other Threads run.
        var threads = Class(svg, "strategy-row").Single(g => ((string)g.Attribute("data-strategy")!).StartsWith("Threads", StringComparison.Ordinal));
        var xs = Class(threads, "run-dot").Select(d => double.Parse((string)d.Attribute("cx")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(xs.Max(), xs[3]);
    }

    [Fact]
    public void The_page_holds_the_environment_a_table_the_dots_and_the_timeline_and_fetches_nothing()
    {
        var html = ResultsReport.RenderHtml(Compared(), [], "A report");
        Assert.Contains("<title>A report</title>", html);
        Assert.Contains(TimelineSvg.X(Here.Summary), html);
        Assert.Equal(3, html.Split("<tr class=").Length - 1);
        Assert.Single(html.Split("class=\"dot-plot\"").Skip(1));
        Assert.Single(html.Split("class=\"timeline\"").Skip(1));
        Assert.DoesNotContain(" src=", html);
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public void The_page_gives_each_comparison_s_answer_under_its_table()
    {
        var results = ParallelCmdlets.Measurement.Comparison.Analyze(
        [
            SyntheticRuns.Measured(Strategy.Sequential, SyntheticRuns.Around(4), 1),
            SyntheticRuns.Measured(Strategy.Threads, SyntheticRuns.Around(2), 1),
        ], 2, Here);
        var html = ResultsReport.RenderHtml(results, [], "A report");
        var answer = AnswerRules.For(results);
        Assert.Equal(AnswerKind.Parallel, answer.Kind);

        var paragraph = html.Split("<p class=\"answer\">").Skip(1).Single();
        Assert.StartsWith("<b>Answer:</b> " + TimelineSvg.X(answer.Summary), paragraph);
        Assert.Contains("<code>" + TimelineSvg.X(answer.Command) + "</code>", paragraph);
        Assert.True(html.IndexOf("class=\"answer\"", StringComparison.Ordinal) > html.IndexOf("</table>", StringComparison.Ordinal));
    }

    [Fact]
    public void The_timeline_on_the_page_is_the_timeline_renderer_s_own()
    {
        var results = Compared();
        var builder = new TimelineBuilder();
        foreach (var r in results) builder.Add(r);
        var timeline = TimelineSvg.Render(builder.Build($"{results[0].Workload}: the run nearest the mean of each strategy"));
        Assert.Contains(timeline, ResultsReport.RenderHtml(results, []));
    }
}
