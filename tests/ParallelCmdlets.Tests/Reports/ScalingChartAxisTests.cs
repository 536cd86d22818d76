using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Tests.Reports;

public class ScalingChartAxisTests
{
    [Fact]
    public void A_worker_axis_steps_by_whole_workers_and_ends_on_the_largest_count()
    {
        Assert.Equal([0, 1, 2, 3, 4], ScalingChartAxis.Linear(4, 0, 100, 10, wholeSteps: true).Ticks);
        Assert.Equal([0, 2, 4, 6, 8, 10, 12, 14, 16], ScalingChartAxis.Linear(16, 0, 100, 10, wholeSteps: true).Ticks);
    }

    [Fact]
    public void A_linear_axis_starts_at_zero_and_reaches_a_round_value_above_the_largest()
    {
        var axis = ScalingChartAxis.Linear(3.7, 300, 0, 6);

        Assert.Equal(0, axis.Min);
        Assert.True(axis.Max >= 3.7);
        Assert.Equal(axis.Max, axis.Ticks[^1], 9);
        Assert.Equal(300, axis.ToPixel(0), 9);
        Assert.Equal(0, axis.ToPixel(axis.Max), 9);
    }

    [Fact]
    public void A_log_axis_ticks_at_one_two_and_five_times_powers_of_ten()
    {
        Assert.Equal([10, 20, 50, 100, 200, 500, 1000], ScalingChartAxis.Log(10, 1000, 0, 600).Ticks);
    }

    [Fact]
    public void A_log_axis_over_many_decades_ticks_only_at_powers_of_ten()
    {
        Assert.Equal([1, 10, 100, 1000, 1e4, 1e5, 1e6], ScalingChartAxis.Log(1, 1e6, 0, 600).Ticks);
    }

    [Fact]
    public void A_narrow_log_axis_ticks_at_the_measured_ends()
    {
        Assert.Equal([100, 150], ScalingChartAxis.Log(100, 150, 0, 600).Ticks);
    }

    [Fact]
    public void A_log_axis_puts_equal_ratios_at_equal_distances_inside_its_span()
    {
        var axis = ScalingChartAxis.Log(10, 1000, 0, 600);

        Assert.Equal(axis.ToPixel(100) - axis.ToPixel(10), axis.ToPixel(1000) - axis.ToPixel(100), 9);
        Assert.InRange(axis.ToPixel(10), 0, 600);
        Assert.InRange(axis.ToPixel(1000), 0, 600);
    }

    [Fact]
    public void Never_maps_a_value_to_a_non_finite_pixel()
    {
        var log = ScalingChartAxis.Log(0, double.NaN, 0, 600);
        var linear = ScalingChartAxis.Linear(double.PositiveInfinity, 0, 600, 6);

        Assert.All(new[] { log.ToPixel(0), log.ToPixel(-5), log.ToPixel(1e300), linear.ToPixel(1e300) }, p => Assert.True(double.IsFinite(p)));
    }
}
