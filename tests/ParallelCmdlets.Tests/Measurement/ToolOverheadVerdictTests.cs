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
    public void An_in_process_tool_is_never_said_to_serialise()
    {
        var verdict = VerdictRules.Explain(Tool(Strategy.RunspacePool, 0.3, 0.0001, returnMean: 0.5, speedup: 0.2), Baseline);

        Assert.StartsWith("37 ms per task handing work to the pool and back", verdict);
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
        // Start-Job serialises inside PowerShell, where the module counts no bytes: its hand-back is still copying.
        Assert.NotNull(new CopyingVerdict().Explain(facts with { Strategy = Strategy.Job }, Baseline));
    }

    [Fact]
    public void A_job_is_not_warned_of_nested_parallelism_since_its_task_cpu_is_a_whole_new_process()
    {
        var facts = Tool(Strategy.Job, 4.0, 0.5) with { CoresPerTask = 3, TaskMean = 0.5 };

        Assert.Null(new NestedParallelismWarning().Warn(facts, Baseline));
        Assert.NotNull(new NestedParallelismWarning().Warn(facts with { Strategy = Strategy.RunspacePool }, Baseline));
    }

    [Fact]
    public void A_tool_whose_tasks_each_burn_far_more_cpu_than_alone_is_told_its_script_runs_unoptimised()
    {
        var baseline = Baseline with { CpuPerTask = 0.077 };
        var facts = Tool(Strategy.ForEachParallel, 4.2, 0.9, speedup: 0.15) with { CpuPerTask = 0.88, TaskInflation = 12 };

        var verdict = VerdictRules.Explain(facts, baseline);

        Assert.Equal("script runs 11.4× slower here: each task used 880 ms of CPU, 77 ms alone; ForEachParallel runs it dot-sourced, without PowerShell's optimised local variables: wrap the work in & { }", verdict);
    }

    [Fact]
    public void Tasks_slower_than_alone_at_the_same_cpu_are_not_blamed_on_the_script()
    {
        var baseline = Baseline with { CpuPerTask = 0.077 };
        var facts = Tool(Strategy.RunspacePool, 4.2, 0.9, speedup: 0.15) with { CpuPerTask = 0.08, TaskInflation = 12 };

        Assert.Null(new UnoptimizedScriptVerdict().Explain(facts, baseline));
        Assert.Null(new UnoptimizedScriptVerdict().Explain(facts with { Strategy = Strategy.Threads, CpuPerTask = 0.88 }, baseline));
    }
}
