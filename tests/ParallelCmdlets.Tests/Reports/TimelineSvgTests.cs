using System.Globalization;
using System.Xml.Linq;
using ParallelCmdlets.Reports;
using static ParallelCmdlets.Tests.Reports.TimelineFixtures;

namespace ParallelCmdlets.Tests.Reports;

public class TimelineSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Parse(Timeline timeline) => XElement.Parse(TimelineSvg.Render(timeline));

    private static IEnumerable<XElement> WithClass(XElement root, string cls) =>
        root.Descendants().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cls) == true);

    private static double Number(XElement e, string attribute) =>
        double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private static double BarWidth(XElement task) =>
        task.Elements(Svg + "rect").Sum(r => Number(r, "width"));

    [Fact]
    public void Draws_one_panel_per_run_in_strategy_order()
    {
        var panels = WithClass(Parse(ThreePanels()), "panel").ToList();
        Assert.Equal(["Sequential", "Threads", "Processes"], panels.Select(p => (string)p.Attribute("data-strategy")!));
    }

    [Fact]
    public void Draws_one_bar_per_task_in_each_panel()
    {
        foreach (var panel in WithClass(Parse(ThreePanels()), "panel"))
        {
            var tasks = WithClass(panel, "task").ToList();
            Assert.Equal([1, 2, 3, 4], tasks.Select(t => (int)t.Attribute("data-task")!));
            Assert.All(tasks, t => Assert.Single(WithClass(t, "compute")));
        }
    }

    [Fact]
    public void Draws_transfer_segments_only_where_data_moved()
    {
        var panels = WithClass(Parse(ThreePanels()), "panel").ToDictionary(p => (string)p.Attribute("data-strategy")!);
        Assert.Equal(4, WithClass(panels["Processes"], "transfer-in").Count());
        Assert.Equal(4, WithClass(panels["Processes"], "transfer-out").Count());
        Assert.Empty(WithClass(panels["Threads"], "transfer-in"));
        Assert.Empty(WithClass(panels["Sequential"], "transfer-out"));
    }

    [Fact]
    public void Puts_transfer_in_at_the_start_and_transfer_out_at_the_end_of_the_bar()
    {
        var task = WithClass(Parse(ThreePanels()), "task").Last();
        var tin = WithClass(task, "transfer-in").Single();
        var compute = WithClass(task, "compute").Single();
        var tout = WithClass(task, "transfer-out").Single();
        Assert.Equal(Number(tin, "x") + Number(tin, "width"), Number(compute, "x"), 2);
        Assert.Equal(Number(compute, "x") + Number(compute, "width"), Number(tout, "x"), 2);
        Assert.True(Number(tin, "width") < Number(tout, "width"), "0.10 s in is shorter than 0.15 s out");
    }

    [Fact]
    public void Uses_one_time_scale_for_every_panel()
    {
        var root = Parse(ThreePanels());
        var spp = Number(root, "data-seconds-per-px");
        Assert.All(WithClass(root, "panel"), p => Assert.Equal(spp, Number(p, "data-seconds-per-px")));
        // A 1 s task is as long in the Sequential panel as in the Threads panel.
        var firstBars = WithClass(root, "panel").Take(2).Select(p => BarWidth(WithClass(p, "task").First())).ToList();
        Assert.Equal(firstBars[0], firstBars[1], 2);
        Assert.Equal(1.0, firstBars[0] * spp, 3);
    }

    [Fact]
    public void Scales_the_axis_to_the_longest_panel()
    {
        var root = Parse(ThreePanels());
        Assert.Equal(4.0, Number(root, "data-axis-seconds"), 6);
        var spans = WithClass(root, "panel").Select(p => Number(WithClass(p, "span").Single(), "width")).ToList();
        Assert.Equal(3, spans.Count);
        Assert.Equal(spans[0] / 2, spans[1], 2); // Sequential 4 s, Threads 2 s
    }

    [Fact]
    public void Labels_ticks_in_round_steps_across_the_axis()
    {
        var ticks = WithClass(Parse(ThreePanels()), "tick").ToList();
        Assert.True(ticks.Count >= 3);
        var seconds = ticks.Select(t => Number(t, "data-seconds")).ToList();
        Assert.Equal(0, seconds[0]);
        var step = seconds[1] - seconds[0];
        Assert.Contains(step, new[] { 0.1, 0.2, 0.5, 1, 2, 5 });
        Assert.Contains("1 s", ticks.SelectMany(t => t.Elements(Svg + "text")).Select(t => t.Value));
    }

    [Fact]
    public void Labels_each_panel_with_strategy_elapsed_and_speedup()
    {
        var labels = WithClass(Parse(ThreePanels()), "panel-label").Select(l => l.Value).ToList();
        Assert.Equal("Processes — 2.50 s, 1.60×, 1 failed", labels[2]);
        Assert.StartsWith("Sequential (1 worker) — 4.00 s", labels[0]);
    }

    [Fact]
    public void Marks_failed_tasks_distinctly()
    {
        var failed = WithClass(Parse(ThreePanels()), "failed").Where(e => e.Name == Svg + "g").ToList();
        Assert.Equal("4", (string?)Assert.Single(failed).Attribute("data-task"));
    }

    [Fact]
    public void Gives_every_task_a_hover_text_with_its_numbers()
    {
        var title = WithClass(Parse(ThreePanels()), "task").Last().Element(Svg + "title")!.Value;
        foreach (var part in new[] { "Task 4", "Failed", "worker 1", "process 100", "thread 7", "start", "end", "duration", "queue wait", "transfer in 100.0 ms", "transfer out 150.0 ms", "1.0 KB", "2.0 KB" })
            Assert.Contains(part, title);
    }

    [Fact]
    public void Escapes_workload_names_in_svg_and_html()
    {
        var evil = "<script>alert('x')</script> & \"co\"\u0001";
        var timeline = ThreePanels(evil);
        var svg = TimelineSvg.Render(timeline);
        var html = TimelineSvg.RenderHtml(timeline);
        Assert.DoesNotContain("<script>alert", svg);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;", svg);
        Assert.StartsWith(evil[..^1], Parse(timeline).Element(Svg + "title")!.Value); // still valid XML
    }

    [Fact]
    public void Html_page_is_self_contained()
    {
        var html = TimelineSvg.RenderHtml(ThreePanels());
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("href=", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(http", html);
    }

    [Fact]
    public void Uses_the_given_title()
    {
        var builder = new TimelineBuilder();
        builder.Add(Task("r", Strategy.Threads, 1, 0, 0.5));
        Assert.Equal("My run", Parse(builder.Build("My run")).Element(Svg + "title")!.Value);
        Assert.Equal("Sleep — 2 workers, 1 task", builder.Build().Title);
    }

    [Fact]
    public void A_task_of_a_PowerShell_tool_shows_the_time_it_spent_in_the_tool_before_its_own_code_began()
    {
        var record = new TaskRecord { RunId = "t", Strategy = Strategy.ThreadJob, TaskId = 1, WorkerId = 1, Submitted = 0.1, Start = 0.3, End = 0.5 };
        var builder = new TimelineBuilder();
        builder.Add(record);
        var root = Parse(builder.Build());
        var spp = Number(root, "data-seconds-per-px");

        var starting = Assert.Single(WithClass(root, "starting"), e => e.Parent?.Attribute("data-task") is not null);
        Assert.Equal(0.2 / spp, Number(starting, "width"), 2);
        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value == "in the tool, not started");
    }

    [Fact]
    public void The_modules_own_strategies_draw_no_time_in_a_tool()
    {
        var root = Parse(ThreePanels());

        Assert.Empty(WithClass(root, "starting"));
        Assert.DoesNotContain(root.Descendants(Svg + "text"), t => t.Value == "in the tool, not started");
    }
}
