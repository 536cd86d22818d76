using ParallelCmdlets.Reports;
using static ParallelCmdlets.Tests.Reports.TimelineFixtures;

namespace ParallelCmdlets.Tests.Reports;

public class TimelineBuilderTests
{
    [Fact]
    public void Names_on_each_panel_the_workload_workers_and_tasks_it_does_not_share_and_titles_only_what_all_share()
    {
        var builder = new TimelineBuilder();
        builder.Add(Task("a", Strategy.Threads, 1, 0, 1, workload: "Loop"));
        builder.Add(Task("a", Strategy.Threads, 2, 0, 1, workload: "Loop"));
        builder.Add(Task("b", Strategy.Sequential, 1, 0, 1, workload: "Sleep"));
        builder.Add(Task("c", Strategy.Threads, 1, 0, 1, workload: "Sleep") with { Workers = 3 });

        var timeline = builder.Build();

        Assert.Equal("Loop, Sleep", timeline.Title);
        Assert.Equal(["Threads (Loop, 2 workers, 2 tasks)", "Sequential (Sleep, 1 worker, 1 task)", "Threads (Sleep, 3 workers, 1 task)"],
            timeline.Panels.Select(p => p.Label[..p.Label.IndexOf(" —", StringComparison.Ordinal)]));
    }

    [Fact]
    public void Leaves_the_pools_unlabelled_when_they_share_every_setting_titles_their_workers_and_names_Sequentials_one()
    {
        var timeline = ThreePanels();

        Assert.Equal("Sleep — 2 workers, 4 tasks", timeline.Title);
        Assert.All(timeline.Panels.Skip(1), p => Assert.Equal("", p.Setting));
        Assert.StartsWith("Sequential (1 worker) — ", timeline.Panels[0].Label);
    }
}
