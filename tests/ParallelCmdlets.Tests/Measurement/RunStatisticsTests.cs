using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

public class RunStatisticsTests
{
    [Fact]
    public void The_typical_time_is_the_lower_median_a_run_that_happened()
    {
        var summary = RunStatistics.Summarize([4.0, 1.0, 3.0, 2.0]);

        Assert.Equal(2.0, summary.LowerMedian);
        Assert.Equal(1.0, summary.Min);
        Assert.Equal(4.0, summary.Max);
    }

    [Fact]
    public void The_median_interval_lies_within_the_runs_and_holds_the_median()
    {
        var summary = RunStatistics.Summarize(SyntheticRuns.Around(2.0, 0.05));

        Assert.NotNull(summary.MedianLow);
        Assert.InRange(summary.MedianLow!.Value, summary.Min, 2.0);
        Assert.InRange(summary.MedianHigh!.Value, 2.0, summary.Max);
    }

    [Fact]
    public void One_run_has_no_interval_and_no_spread()
    {
        var summary = RunStatistics.Summarize([1.5]);

        Assert.Null(summary.MedianLow);
        Assert.Equal(0, summary.CoefficientOfVariation);
    }

    [Fact]
    public void The_coefficient_of_variation_is_the_sample_standard_deviation_over_the_mean()
    {
        Assert.Equal(1.0 / 2.0, RunStatistics.Summarize([1.0, 2.0, 3.0]).CoefficientOfVariation, 9);
    }

    [Fact]
    public void A_run_far_outside_the_others_is_an_outlier()
    {
        var summary = RunStatistics.Summarize([1.00, 1.01, 0.99, 1.02, 0.98, 1.90]);

        Assert.Equal([1.90], summary.Outliers);
    }

    [Fact]
    public void Four_repeats_are_the_fewest_that_can_name_a_winner_at_95_percent()
    {
        // One-sided Mann-Whitney, n against n: the smallest p is 1 / C(2n, n): 1/20 = 0.05 for 3, 1/70 for 4.
        Assert.Equal(4, RunStatistics.RepeatsNeeded);
    }

    [Fact]
    public void A_clear_difference_is_significant_both_ways()
    {
        Assert.Equal(Difference.Slower, RunStatistics.Compare(SyntheticRuns.Around(2.0), SyntheticRuns.Around(1.0)));
        Assert.Equal(Difference.Faster, RunStatistics.Compare(SyntheticRuns.Around(1.0), SyntheticRuns.Around(2.0)));
    }

    [Fact]
    public void A_consistent_difference_below_the_threshold_is_a_tie()
    {
        // 2 % slower in every run: consistent, but smaller than the 5 % worth naming.
        var reference = SyntheticRuns.Around(1.0, 0.001);
        Assert.Equal(Difference.Tie, RunStatistics.Compare(reference.Select(x => x * 1.02).ToArray(), reference));
    }

    [Fact]
    public void Overlapping_noisy_runs_are_a_tie()
    {
        Assert.Equal(Difference.Tie, RunStatistics.Compare([1.0, 1.3, 0.9, 1.2, 1.1], [1.1, 0.95, 1.25, 1.05, 1.15]));
    }

    [Fact]
    public void The_speedup_interval_covers_the_true_ratio_on_runs_drawn_with_known_spread()
    {
        // Baseline around 4 s, strategy around 2 s, both with 5 % log-normal noise: the true speedup is 2.
        var random = new Random(20261125);
        const int experiments = 400;
        var covered = 0;
        for (var i = 0; i < experiments; i++)
        {
            var (_, low, high) = RunStatistics.Ratio(Draw(random, 4.0, 0.05, 7), Draw(random, 2.0, 0.05, 7));
            if (low <= 2.0 && 2.0 <= high) covered++;
        }
        // Nominal 95 %; allow for small samples and the simulation's own noise, but not for an interval that misses.
        Assert.InRange(covered / (double)experiments, 0.88, 1.0);
    }

    [Fact]
    public void The_speedup_interval_shrinks_as_repeats_grow()
    {
        var random = new Random(7);
        double MeanWidth(int repeats) => Enumerable.Range(0, 200).Average(_ =>
        {
            var (_, low, high) = RunStatistics.Ratio(Draw(random, 4.0, 0.05, repeats), Draw(random, 2.0, 0.05, repeats));
            return high!.Value - low!.Value;
        });

        var w5 = MeanWidth(5);
        var w10 = MeanWidth(10);
        var w30 = MeanWidth(30);
        Assert.True(w10 < w5 && w30 < w10, $"widths {w5:0.000}, {w10:0.000}, {w30:0.000} should shrink");
    }

    [Fact]
    public void The_speedup_estimate_is_the_ratio_of_the_mean_times()
    {
        var (estimate, low, high) = RunStatistics.Ratio([4.0, 4.1, 3.9, 4.05, 3.95], [2.0, 2.05, 1.95, 2.02, 1.98]);

        Assert.Equal(4.0 / 2.0, estimate, 9);
        Assert.True(low < estimate && estimate < high);
    }

    private static double[] Draw(Random random, double median, double sigma, int count) =>
        Enumerable.Range(0, count).Select(_ => median * Math.Exp(sigma * Gaussian(random))).ToArray();

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
