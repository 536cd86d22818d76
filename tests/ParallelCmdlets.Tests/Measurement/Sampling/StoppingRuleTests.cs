using ParallelCmdlets.Measurement;
using ParallelCmdlets.Measurement.Sampling;

namespace ParallelCmdlets.Tests.Measurement.Sampling;

public class StoppingRuleTests
{
    /// <summary>Feeds the rule round after round of two strategies' runs, as the runner does; returns the round it stopped at and why.</summary>
    private static (int Rounds, StopReason Reason) Drive(StoppingRule rule, Func<int, double> threads, Func<int, double> processes, double roundSeconds = 1,
        Func<int, string>? decision = null)
    {
        var a = new List<double>();
        var b = new List<double>();
        var decisions = new List<string>();
        for (var round = 1; round <= 1000; round++)
        {
            a.Add(threads(round));
            b.Add(processes(round));
            decisions.Add(decision?.Invoke(round) ?? "fastest: Threads");
            var reason = rule.Decide([a, b], decisions, round * roundSeconds, roundSeconds);
            if (reason != StopReason.None) return (round, reason);
        }
        throw new InvalidOperationException("The rule never stopped.");
    }

    [Fact]
    public void Tight_runs_stop_as_soon_as_the_minimum_is_met()
    {
        var (rounds, reason) = Drive(new StoppingRule(0.05, 30), r => 1.0 + 0.01 * (r % 3), r => 2.0 + 0.01 * (r % 2));

        Assert.Equal(StopReason.PrecisionReached, reason);
        Assert.Equal(StoppingRule.MinimumRounds, rounds);
    }

    [Fact]
    public void Noisy_runs_go_on_to_the_round_limit()
    {
        // Alternating 0.03 and 1.3 s, as the Transfer runs did: the mean's interval never comes within ±5 %.
        var (rounds, reason) = Drive(new StoppingRule(0.05, 30), r => r % 2 == 0 ? 0.03 : 1.3, r => 1.0);

        Assert.Equal(StopReason.RoundLimit, reason);
        Assert.Equal(30, rounds);
    }

    [Fact]
    public void A_decision_that_still_changes_keeps_the_rounds_going_though_the_precision_is_met()
    {
        var (rounds, reason) = Drive(new StoppingRule(0.05, 30), r => 1.0, r => 1.01, decision: r => r < 8 ? (r % 2 == 0 ? "fastest: Threads" : "tie: Threads, Processes") : "tie: Threads, Processes");

        Assert.Equal(StopReason.PrecisionReached, reason);
        // The decision last changed in round 7; it has held for the rule's rounds by round 9.
        Assert.Equal(7 + StoppingRule.StableRounds - 1, rounds);
    }

    [Fact]
    public void The_next_round_that_would_pass_the_budget_is_not_started()
    {
        var (rounds, reason) = Drive(new StoppingRule(0.05, 30, maxSeconds: 10.5), r => r % 2 == 0 ? 0.03 : 1.3, r => 1.0, roundSeconds: 2);

        // Five rounds of 2 s end at 10 s; a sixth would end at 12 s, past 10.5.
        Assert.Equal(StopReason.TimeBudget, reason);
        Assert.Equal(5, rounds);
    }

    [Fact]
    public void The_budget_does_not_stop_the_rounds_before_the_runs_a_winner_needs()
    {
        // Rounds of 4 s against 10.5 s: the budget alone would stop after two rounds.
        var (rounds, reason) = Drive(new StoppingRule(0.05, 30, maxSeconds: 10.5), r => r % 2 == 0 ? 0.03 : 1.3, r => 1.0, roundSeconds: 4);

        Assert.Equal(StopReason.TimeBudget, reason);
        Assert.Equal(RunStatistics.RepeatsNeeded, rounds);
    }

    [Fact]
    public void The_mean_estimate_says_how_many_runs_would_reach_a_precision()
    {
        var runs = new[] { 0.9, 1.1, 0.95, 1.05, 1.0, 0.8, 1.2, 1.0 };
        var estimate = MeanEstimate.Of(runs);
        var needed = estimate.RunsFor(estimate.Precision / 2)!.Value;

        // Halving the interval takes about four times the runs (fewer, as the normal quantile replaces Student's t for 7 degrees of freedom).
        Assert.InRange(needed, 2 * runs.Length, 5 * runs.Length);
        Assert.Equal(runs.Length, estimate.RunsFor(estimate.Precision * 2));
    }
}
