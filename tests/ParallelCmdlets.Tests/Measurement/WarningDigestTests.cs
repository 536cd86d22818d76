using ParallelCmdlets.Measurement;
using Xunit;

namespace ParallelCmdlets.Tests.Measurement;

public class WarningDigestTests
{
    [Fact]
    public void A_result_gets_one_line_its_first_warning_with_a_count_of_the_others()
    {
        Assert.Null(WarningDigest.Line("Loop Threads", []));
        Assert.Equal("Loop Threads: noisy", WarningDigest.Line("Loop Threads", ["noisy"]));
        Assert.Equal("Loop Threads: failed (+2 more in its Warnings; -Verbose lists them)", WarningDigest.Line("Loop Threads", ["failed", "noisy", "outliers"]));
    }

    [Fact]
    public void Many_results_get_one_summary_line_naming_the_first_few()
    {
        var results = new List<(string, IReadOnlyList<string>)>
        {
            ("Loop Sequential", ["a"]), ("Loop Threads", []), ("Csv Threads", ["b", "c"]), ("Matrix Processes", ["d"]), ("Sleep Threads", ["e"]),
        };
        Assert.Equal("5 warning(s) on 4 of 5 results (Loop Sequential, Csv Threads, Matrix Processes, …): each result's Warnings holds them; -Verbose lists them",
            WarningDigest.Summary(results));
        Assert.Null(WarningDigest.Summary([("Loop Threads", [])]));
    }

    [Fact]
    public void The_rules_put_what_changes_the_reading_before_noise()
    {
        var order = WarningRules.All.Select(r => r.GetType()).ToList();
        Assert.True(order.IndexOf(typeof(FailedRepeatsWarning)) < order.IndexOf(typeof(NoisyRunsWarning)));
        Assert.True(order.IndexOf(typeof(SuperlinearWarning)) < order.IndexOf(typeof(NoisyRunsWarning)));
        Assert.True(order.IndexOf(typeof(NoisyRunsWarning)) < order.IndexOf(typeof(OutliersWarning)));
    }

    [Fact]
    public void Short_tasks_of_the_users_own_code_are_told_to_take_more_work_through_its_parameters_not_Size()
    {
        var facts = new StrategyFacts { Strategy = Strategy.Threads, Tasks = 4, TaskMean = 0.0001 };
        Assert.EndsWith("so raise -Size", new ShortTasksWarning().Warn(facts, null)?.Sentence);
        var script = new ShortTasksWarning().Warn(facts with { SizeSetsWork = false }, null)!.Sentence;
        Assert.Contains("through the ScriptBlock's own parameters", script);
        Assert.DoesNotContain("raise -Size", script);
    }

    [Fact]
    public void Without_a_baseline_the_verdict_says_what_the_strategys_own_figures_show()
    {
        var computing = new StrategyFacts { Strategy = Strategy.Threads, Workers = 2, Tasks = 4, CoresPerTask = 0.97 };
        Assert.Equal("computing: each task kept 0.97 of a core busy", new NoBaselineVerdict().Explain(computing, null)?.Sentence);
        Assert.Equal("waiting: each task kept 0.01 of a core busy", new NoBaselineVerdict().Explain(computing with { CoresPerTask = 0.01 }, null)?.Sentence);
        Assert.StartsWith("part waiting or contending", new NoBaselineVerdict().Explain(computing with { CoresPerTask = 0.5 }, null)?.Sentence);
        Assert.Equal("GC stopped the tasks 40 % of the time", new NoBaselineVerdict().Explain(computing with { GcPauseShare = 0.4 }, null)?.Sentence);
        Assert.Equal("copying: 60 % of task time moved data", new NoBaselineVerdict().Explain(computing with { Strategy = Strategy.Processes, TransferShare = 0.6 }, null)?.Sentence);
        Assert.Equal("copying: 60 % of task time moved data; try -TransferMode SharedMemory",
            new NoBaselineVerdict().Explain(computing with { Strategy = Strategy.Processes, TransferShare = 0.6, NumericPayload = true, Tasks = 4, BytesMoved = 4L << 20 }, null)?.Sentence);
        Assert.DoesNotContain("baseline", VerdictRules.Explain(computing with { TiedWith = ["Processes"] }, null));
    }
}
