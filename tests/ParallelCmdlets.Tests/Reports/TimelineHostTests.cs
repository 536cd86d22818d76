using System.Text.Json;
using ParallelCmdlets.Reports;
using static ParallelCmdlets.Tests.Reports.TimelineFixtures;

namespace ParallelCmdlets.Tests.Reports;

/// <summary>A Remote run's rows and tracks are grouped and named by the host each task ran on.</summary>
public class TimelineHostTests
{
    /// <summary>Tasks 1–4 alternating between two hosts, two workers each, added in task order.</summary>
    private static Timeline TwoHosts()
    {
        var builder = new TimelineBuilder();
        foreach (var id in new[] { 1, 2, 3, 4 })
            builder.Add(Task("r", Strategy.Remote, id, (id - 1) / 2, (id - 1) / 2 + 1) with
            {
                HostName = id % 2 == 1 ? "web2" : "web1",
                WorkerId = id % 2 == 1 ? 3 : 1,
                ClockUncertainty = 0.002,
            });
        return builder.Build();
    }

    [Fact]
    public void Rows_of_one_host_come_together_ordered_by_task_within_it()
    {
        var rows = TwoHosts().Panels.Single().Tasks;

        Assert.Equal(["web1", "web1", "web2", "web2"], rows.Select(t => t.HostName));
        Assert.Equal([2, 4, 1, 3], rows.Select(t => t.TaskId));
    }

    [Fact]
    public void The_trace_names_each_worker_track_with_its_host_and_puts_the_host_on_every_event()
    {
        using var document = JsonDocument.Parse(TimelineTrace.Render(TwoHosts()));
        var events = document.RootElement.GetProperty("traceEvents").EnumerateArray().ToArray();

        var tracks = events.Where(e => e.GetProperty("name").GetString() == "thread_name")
            .Select(e => e.GetProperty("args").GetProperty("name").GetString()).ToList();
        Assert.Contains("worker 1 on web1", tracks);
        Assert.Contains("worker 3 on web2", tracks);
        Assert.All(events.Where(e => e.GetProperty("ph").GetString() == "X"),
            e => Assert.StartsWith("web", e.GetProperty("args").GetProperty("host").GetString()));
    }

    [Fact]
    public void The_svg_and_the_console_label_each_row_with_its_host()
    {
        var svg = TimelineSvg.Render(TwoHosts());
        var console = string.Join("\n", TimelineConsole.Render(TwoHosts(), 100, color: false));

        Assert.Contains("#1 · web2 w3", svg);
        Assert.Contains("host web1 (clock ± 2.0 ms)", svg);
        Assert.Contains("#2 web1 w1", console);
    }

    [Fact]
    public void Local_rows_keep_their_task_order_and_plain_labels()
    {
        var rows = ThreePanels().Panels.First(p => p.Strategy == Strategy.Threads).Tasks;

        Assert.Equal([1, 2, 3, 4], rows.Select(t => t.TaskId));
        Assert.DoesNotContain(" on ", TimelineTrace.Render(ThreePanels()));
    }
}
