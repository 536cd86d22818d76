using ParallelCmdlets.Measurement;
using ParallelCmdlets.Measurement.Sampling;

namespace ParallelCmdlets.Tests.Measurement.Sampling;

public class DisturbedRunRuleTests
{
    private static RunResult RunUnder(double? otherLoad) => new() { RunId = "r1", Strategy = Strategy.Threads, Elapsed = 0.8, OtherLoad = otherLoad };

    /// <summary>A quiet 20 ms run on 2 cores that spent <paramref name="jitSeconds"/> compiling.</summary>
    private static RunResult RunCompiling(double jitSeconds) =>
        new() { RunId = "c1", Strategy = Strategy.Processes, Elapsed = 0.020, Cores = 2, OtherLoad = 0, JitSeconds = jitSeconds };

    [Fact]
    public void A_run_that_spent_a_twentieth_of_its_cores_compiling_is_repeated_as_still_warming_up()
    {
        var disturbed = new DisturbedRunRule().Judge(RunCompiling(0.004), round: 2, repeatedSoFar: [], compileBaseline: 0);

        Assert.NotNull(disturbed);
        Assert.Equal(Disturbance.Compiling, disturbed.Cause);
        Assert.Equal(0.1, disturbed.CompileShare, 9);
        Assert.StartsWith("round 2: .NET spent 4.0 ms compiling (10 % of the cores, limit 5 %) while it took 20.0 ms: still warming up", disturbed.Reason);
    }

    [Fact]
    public void A_run_that_compiled_less_than_the_limit_stands() =>
        Assert.Null(new DisturbedRunRule().Judge(RunCompiling(0.001), 1, [], compileBaseline: 0));

    [Fact]
    public void Compiling_that_every_run_of_the_strategy_does_is_its_cost_not_warmup()
    {
        var rule = new DisturbedRunRule();

        Assert.Null(rule.Judge(RunCompiling(0.010), 1, [], compileBaseline: 0.009));
        Assert.NotNull(rule.Judge(RunCompiling(0.010), 1, [], compileBaseline: 0.004));
    }

    [Fact]
    public void A_fixed_warmup_is_not_judged_for_compiling() =>
        Assert.Null(new DisturbedRunRule().Judge(RunCompiling(0.02), 1, [], compileBaseline: null));

    [Fact]
    public void Compiling_has_a_bound_of_its_own_beside_other_load()
    {
        var rule = new DisturbedRunRule(maximumRepeats: 1, maximumCompileRepeats: 2);
        var loaded = rule.Judge(RunUnder(0.9), 1, [])!;
        var compiling = rule.Judge(RunCompiling(0.01), 1, [loaded], 0)!;

        Assert.Null(rule.Judge(RunUnder(0.9), 2, [loaded, compiling], 0));
        Assert.NotNull(rule.Judge(RunCompiling(0.01), 2, [loaded, compiling], 0));
        Assert.Null(rule.Judge(RunCompiling(0.01), 3, [loaded, compiling, compiling], 0));
        Assert.True(rule.IsCompiling(RunCompiling(0.01)));
    }

    [Fact]
    public void A_run_with_a_failed_task_stands_however_much_it_compiled()
    {
        var failed = new RunResult
        {
            RunId = "f", Strategy = Strategy.Processes, Elapsed = 0.02, Cores = 2, JitSeconds = 0.02,
            Records = [new TaskRecord { TaskId = 1, Status = TaskState.Failed }],
        };

        Assert.Null(new DisturbedRunRule().Judge(failed, 1, [], compileBaseline: 0));
    }

    [Fact]
    public void A_run_with_high_recorded_other_load_is_repeated_and_says_why()
    {
        var disturbed = new DisturbedRunRule().Judge(RunUnder(0.9), round: 3, repeatedSoFar: []);

        Assert.NotNull(disturbed);
        Assert.Equal("r1", disturbed.RunId);
        Assert.Equal(3, disturbed.Round);
        Assert.Equal(0.9, disturbed.OtherLoad);
        Assert.StartsWith("round 3: other programs used 90 % of the cores (limit 33 %)", disturbed.Reason);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(null)]
    public void A_quiet_run_or_one_whose_load_is_unknown_stands(double? load) =>
        Assert.Null(new DisturbedRunRule().Judge(RunUnder(load), 1, []));

    [Fact]
    public void Repeats_stop_at_the_bound_and_the_kept_run_is_known_as_disturbed()
    {
        var rule = new DisturbedRunRule(threshold: 0.33, maximumRepeats: 2);

        var once = rule.Judge(RunUnder(0.9), 1, [])!;
        Assert.NotNull(rule.Judge(RunUnder(0.9), 2, [once]));
        Assert.Null(rule.Judge(RunUnder(0.9), 3, [once, once]));
        Assert.True(rule.IsDisturbed(RunUnder(0.9)));
    }

    [Fact]
    public void A_result_reports_the_runs_repeated_and_the_disturbed_runs_it_kept()
    {
        var plan = new StrategyPlan(Strategy.Threads, 2, 1);
        var repeated = new DisturbedRunRule().Judge(RunUnder(0.9), 1, [])!;
        var runs = new[] { 1.0, 1.01, 0.99, 1.0 }.Select((e, i) => new RunResult { RunId = $"k{i}", Strategy = Strategy.Threads, Elapsed = e, OtherLoad = i == 0 ? 0.8 : 0.0 }).ToList();

        var row = Comparison.Analyze([new MeasuredStrategy(plan, runs, 0, 1) { Repeated = [repeated] }], 2, null).Single();

        Assert.Single(row.RepeatedRuns);
        Assert.Contains(row.GetWarnings(), w => w.StartsWith("1 run(s) disturbed by other programs were run again", StringComparison.Ordinal));
        Assert.Contains(row.GetWarnings(), w => w.StartsWith("1 of the 4 runs kept were disturbed too", StringComparison.Ordinal));
    }
}
