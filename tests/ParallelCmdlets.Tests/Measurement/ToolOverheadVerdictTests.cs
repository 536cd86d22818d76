using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>PowerShell's tools: the verdict names their per-task cost with its figure, and only when it outweighs the work.</summary>
public class ToolOverheadVerdictTests
{
    private static readonly StrategyFacts Baseline = new() { Strategy = Strategy.Sequential, Tasks = 8, Cores = 2, CoresPerTask = 1, Speedup = 1 };

    /// <summary>Eight tasks on two workers whose own work is <paramref name="compute"/> seconds each, in a run of <paramref name="elapsed"/>.</summary>
    private static StrategyFacts Tool(Strategy strategy, double elapsed, double compute, double returnMean = 0, double speedup = 0.5) => new()
    {
        Strategy = strategy,
        Workers = 2,
        Tasks = 8,
        Cores = 2,
        Elapsed = elapsed,
        ComputeMean = compute,
        ReturnMean = returnMean,
        Speedup = speedup,
    };

    [Fact]
    public void Overhead_per_task_is_the_wall_time_beyond_the_work_spread_over_the_workers()
    {
        // 8 tasks of 10 ms on 2 workers need 40 ms; the run took 280 ms: 240 ms more, 30 ms a task.
        Assert.Equal(0.030, Tool(Strategy.ThreadJob, 0.280, 0.010).OverheadPerTask, 9);
    }

    [Fact]
    public void A_thread_job_that_costs_more_per_task_than_its_work_is_told_so_with_both_figures()
    {
        var verdict = VerdictRules.Explain(Tool(Strategy.ThreadJob, 0.280, 0.010), Baseline);

        Assert.Equal("30 ms per task starting runspaces: more than the task itself (10 ms)", verdict);
    }

    [Fact]
    public void A_job_names_the_process_it_starts_per_task()
    {
        Assert.StartsWith("500 ms per task starting a pwsh process", VerdictRules.Explain(Tool(Strategy.Job, 4.04, 0.010, speedup: 0.02), Baseline));
    }

    [Fact]
    public void A_job_whose_overhead_is_mostly_getting_results_back_names_serialisation()
    {
        var verdict = VerdictRules.Explain(Tool(Strategy.Job, 4.04, 0.010, returnMean: 0.4, speedup: 0.02), Baseline);

        Assert.Equal("400 ms per task serialising results back, 500 ms per task in all: more than the task itself (10 ms)", verdict);
    }

    [Fact]
    public void A_tool_whose_work_outweighs_its_overhead_gets_the_usual_verdicts()
    {
        // 200 ms tasks, 10 ms overhead each: the tool's cost is not the story.
        var facts = Tool(Strategy.ForEachParallel, 0.88, 0.2, speedup: 1.82);

        Assert.Null(new ToolOverheadVerdict().Explain(facts, Baseline));
        Assert.StartsWith("scales", VerdictRules.Explain(facts, Baseline));
    }

    [Fact]
    public void The_modules_own_strategies_are_never_given_a_tool_verdict()
    {
        Assert.Null(new ToolOverheadVerdict().Explain(Tool(Strategy.Threads, 0.280, 0.010), Baseline));
    }

    [Fact]
    public void Handing_results_back_in_process_is_not_called_copying()
    {
        var facts = Tool(Strategy.ThreadJob, 0.05, 0.010, speedup: 1.1) with { TransferShare = 0.6 };

        Assert.Null(new CopyingVerdict().Explain(facts, Baseline));
        Assert.NotNull(new CopyingVerdict().Explain(facts with { Strategy = Strategy.Job }, Baseline));
    }
}
