using ParallelCmdlets.Measurement;
using ParallelCmdlets.Measurement.Sampling;

namespace ParallelCmdlets.Tests.Measurement.Sampling;

public class DisturbedRunRuleTests
{
    private static RunResult RunUnder(double? otherLoad) => new() { RunId = "r1", Strategy = Strategy.Threads, Elapsed = 0.8, OtherLoad = otherLoad };

    [Fact]
    public void A_run_with_high_recorded_other_load_is_repeated_and_says_why()
    {
        var disturbed = new DisturbedRunRule().Judge(RunUnder(0.9), round: 3, repeatedSoFar: 0);

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
        Assert.Null(new DisturbedRunRule().Judge(RunUnder(load), 1, 0));

    [Fact]
    public void Repeats_stop_at_the_bound_and_the_kept_run_is_known_as_disturbed()
    {
        var rule = new DisturbedRunRule(threshold: 0.33, maximumRepeats: 2);

        Assert.NotNull(rule.Judge(RunUnder(0.9), 1, 1));
        Assert.Null(rule.Judge(RunUnder(0.9), 1, 2));
        Assert.True(rule.IsDisturbed(RunUnder(0.9)));
    }

    [Fact]
    public void A_result_reports_the_runs_repeated_and_the_disturbed_runs_it_kept()
    {
        var plan = new StrategyPlan(Strategy.Threads, 2, 1);
        var repeated = new DisturbedRunRule().Judge(RunUnder(0.9), 1, 0)!;
        var runs = new[] { 1.0, 1.01, 0.99, 1.0 }.Select((e, i) => new RunResult { RunId = $"k{i}", Strategy = Strategy.Threads, Elapsed = e, OtherLoad = i == 0 ? 0.8 : 0.0 }).ToList();

        var row = Comparison.Analyze([new MeasuredStrategy(plan, runs, 0, 1) { Repeated = [repeated] }], 2, null).Single();

        Assert.Single(row.RepeatedRuns);
        Assert.Contains(row.GetWarnings(), w => w.StartsWith("1 run(s) disturbed by other programs were run again", StringComparison.Ordinal));
        Assert.Contains(row.GetWarnings(), w => w.StartsWith("1 of the 4 runs kept were disturbed too", StringComparison.Ordinal));
    }
}
