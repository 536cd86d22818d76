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

    /// <summary>A Threads result of four 1 s tasks at 2.8x, with the conclusions given.</summary>
    private static StrategyResult Threads(params Conclusion[] conclusions) => Threads(2, conclusions);

    private static StrategyResult Threads(double headline, params Conclusion[] conclusions) => new()
    {
        RunId = "t", Workload = "Sleep", Strategy = Strategy.Threads, Workers = 2, Elapsed = headline, Speedup = 2.8,
        Conclusions = conclusions,
        Runs = new RunList([new RunResult
        {
            RunId = "t", Strategy = Strategy.Threads, Elapsed = 2,
            Records = [.. new[] { 1, 2, 3, 4 }.Select(id => Task("t", Strategy.Threads, id, (id - 1) / 2, (id - 1) / 2 + 1))],
        }]),
    };

    [Fact]
    public void Draws_the_whole_run_bar_to_the_drawn_runs_own_time_not_the_headline_mean()
    {
        var builder = new TimelineBuilder();
        // The headline is a mean over runs (1.5 s here); the run drawn, the one nearest it, took 2 s, its last task ending then.
        builder.Add(Threads(headline: 1.5));

        var panel = Assert.Single(builder.Build().Panels);

        Assert.Equal(2, panel.SpanEnd);
        Assert.Equal(2, panel.Tasks.Max(t => t.End));
    }

    [Fact]
    public void Flags_a_superlinear_panel_from_the_conclusion_id_and_its_figures_whatever_its_sentence_says()
    {
        var builder = new TimelineBuilder();
        builder.Add(Threads(
            Conclusion.Verdict(ConclusionId.Superlinear, "a sentence reworded since", (FigureNames.Speedup, 2.8), (FigureNames.Bound, 2), (FigureNames.Workers, 2), (FigureNames.Cores, 2)),
            Conclusion.Warning(ConclusionId.Superlinear, "another wording", (FigureNames.Speedup, 2.8), (FigureNames.Bound, 2), (FigureNames.Workers, 2), (FigureNames.Cores, 2))));

        var panel = Assert.Single(builder.Build().Panels);

        Assert.Equal("⚠ beyond the 2.0× that 2 workers on 2 cores allow", panel.Standing);
    }

    [Fact]
    public void Does_not_flag_a_panel_whose_warning_only_reads_like_a_superlinear_one()
    {
        var builder = new TimelineBuilder();
        builder.Add(Threads(
            Conclusion.Verdict(ConclusionId.Scales, "scales: 1.9× of the 2.0× that 2 workers allow"),
            Conclusion.Warning(ConclusionId.Unclassified, "speedup 2.80× is beyond the 2.0× that 2 workers on 2 cores allow: the baseline ran slower")));

        var panel = Assert.Single(builder.Build().Panels);

        Assert.DoesNotContain("⚠", panel.Standing);
    }
}
