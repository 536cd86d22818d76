using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>The budget's arithmetic, on chosen numbers: what fits, what is cut, what is refused.</summary>
public class TimeBudgetTests
{
    [Fact]
    public void Keeps_every_repeat_asked_when_they_fit()
    {
        // 2 s spent, rounds of 5 s, 5 repeats to go: 27 s of 60.
        Assert.Equal(5, new TimeBudget(60).RepeatsThatFit(spentSeconds: 2, roundSeconds: 5, repeat: 5, remainingWarmups: 0, timedDone: 0));
    }

    [Fact]
    public void Cuts_the_repeats_to_what_fits_but_never_below_what_the_test_needs()
    {
        // 2 s spent, rounds of 5 s: 4 more rounds fit in 24 s, not 5.
        Assert.Equal(4, new TimeBudget(24).RepeatsThatFit(2, 5, repeat: 5, remainingWarmups: 0, timedDone: 0));
        Assert.Null(new TimeBudget(18).RepeatsThatFit(2, 5, repeat: 5, remainingWarmups: 0, timedDone: 0));
    }

    [Fact]
    public void Counts_a_timed_pilot_among_the_repeats_and_leaves_room_for_warm_ups_still_to_come()
    {
        Assert.Equal(4, new TimeBudget(17.5).RepeatsThatFit(2, 5, repeat: 5, remainingWarmups: 0, timedDone: 1));
        Assert.Equal(4, new TimeBudget(27).RepeatsThatFit(2, 5, repeat: 5, remainingWarmups: 1, timedDone: 0));
    }

    [Fact]
    public void A_warm_up_until_steady_stops_where_another_round_would_crowd_out_the_timed_runs()
    {
        // 50 s spent, rounds of 25 s: another warm-up and 4 timed rounds end at 175 s.
        Assert.False(new TimeBudget(150).AllowsAnotherWarmup(spentSeconds: 50, roundSeconds: 25, timedRounds: 4));
        Assert.True(new TimeBudget(175).AllowsAnotherWarmup(spentSeconds: 50, roundSeconds: 25, timedRounds: 4));
        // A fixed -Repeat already fitted to the budget keeps its rounds too.
        Assert.False(new TimeBudget(175).AllowsAnotherWarmup(spentSeconds: 50, roundSeconds: 25, timedRounds: 5));
    }

    [Fact]
    public void A_pilot_run_may_take_no_more_than_the_budget_over_the_fewest_rounds()
    {
        // One warm-up as the pilot, then the 4 repeats the test needs: 5 rounds.
        Assert.Equal(5, TimeBudget.MinimumRounds(warmup: 1));
        Assert.Equal(4, TimeBudget.MinimumRounds(warmup: 0));
        Assert.Equal(60.0 / 5, new TimeBudget(60).PilotRunLimit(warmup: 1));
    }

    [Fact]
    public void The_estimate_of_a_refusal_is_what_the_minimum_would_take()
    {
        Assert.Equal(2 + 4 * 5, TimeBudget.MinimumSeconds(spentSeconds: 2, roundSeconds: 5, remainingWarmups: 0, timedDone: 0));
    }
}
