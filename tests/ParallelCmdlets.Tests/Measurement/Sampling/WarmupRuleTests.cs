using ParallelCmdlets.Measurement.Sampling;

namespace ParallelCmdlets.Tests.Measurement.Sampling;

public class WarmupRuleTests
{
    [Fact]
    public void A_first_run_that_faults_in_memory_is_followed_until_the_times_stop_falling()
    {
        var rule = new WarmupRule();

        Assert.True(rule.NeedsMore([1.3]));
        Assert.True(rule.NeedsMore([1.3, 0.03]));
        Assert.True(rule.NeedsMore([1.3, 0.03, 0.031]));
        Assert.False(rule.NeedsMore([1.3, 0.03, 0.031, 0.030]));
    }

    [Fact]
    public void One_slow_run_inside_a_falling_trend_does_not_end_the_warmup()
    {
        var rule = new WarmupRule();

        Assert.True(rule.NeedsMore([0.205, 0.293]));
        Assert.True(rule.NeedsMore([0.205, 0.293, 0.085]));
        Assert.True(rule.NeedsMore([0.205, 0.293, 0.085, 0.057, 0.032, 0.040]));
        Assert.False(rule.NeedsMore([0.205, 0.293, 0.085, 0.057, 0.032, 0.040, 0.031]));
    }

    [Fact]
    public void Times_that_keep_falling_are_warmed_up_to_the_bound_and_no_further()
    {
        var rule = new WarmupRule(2, 5);
        var falling = new List<double>();
        for (var t = 1.0; rule.NeedsMore(falling); t *= 0.7) falling.Add(t);

        Assert.Equal(5, falling.Count);
    }

    [Fact]
    public void A_fixed_warmup_runs_exactly_as_many()
    {
        Assert.False(WarmupRule.Fixed(0).NeedsMore([]));
        Assert.True(WarmupRule.Fixed(2).NeedsMore([2.0]));
        Assert.False(WarmupRule.Fixed(2).NeedsMore([2.0, 0.5]));
    }

    [Fact]
    public void A_warmup_whose_compiling_still_falls_goes_on_within_its_bound()
    {
        var rule = new WarmupRule(2, 6);
        double[] flat = [0.05, 0.05, 0.05, 0.05];

        Assert.True(rule.NeedsMore(flat, [0.4, 0.3, 0.2, 0.06]));
        Assert.False(rule.NeedsMore(flat, [0.4, 0.3, 0.2, 0.01]));
        Assert.False(rule.NeedsMore([.. flat, 0.05, 0.05], [0.4, 0.3, 0.2, 0.15, 0.1, 0.08]));
    }

    [Fact]
    public void Compiling_that_holds_from_run_to_run_is_the_steady_cost_and_ends_the_warmup() =>
        Assert.False(new WarmupRule().NeedsMore([0.05, 0.05, 0.05, 0.05], [0.2, 0.21, 0.2, 0.2]));

    [Fact]
    public void A_fixed_warmup_ignores_the_compiler() =>
        Assert.False(WarmupRule.Fixed(2).NeedsMore([2.0, 0.5], [0.9, 0.9]));
}
