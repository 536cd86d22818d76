using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Tests.Reports;

/// <summary>The one formatter of times: each form pinned to the text the views, verdicts and pictures show.</summary>
public class TimeFormatTests
{
    [Theory]
    [InlineData(0.85, "850.0 ms")]
    [InlineData(0.0125, "12.5 ms")]
    [InlineData(1.234, "1.23 s")]
    [InlineData(-1.5, "-1.50 s")]
    public void Seconds_reads_milliseconds_under_a_second_with_one_decimal(double seconds, string expected) =>
        Assert.Equal(expected, TimeFormat.Seconds(seconds));

    [Theory]
    [InlineData(1.2, "1.20 s")]
    [InlineData(0.031, "31 ms")]
    [InlineData(0.01, "10 ms")]
    [InlineData(0.0031, "3.1 ms")]
    [InlineData(0.001, "1.0 ms")]
    [InlineData(0.00002, "0.02 ms")]
    public void A_figure_in_a_sentence_keeps_the_digits_that_matter_at_its_size(double seconds, string expected) =>
        Assert.Equal(expected, TimeFormat.Figure(seconds));

    [Theory]
    [InlineData(0.02, "20 ms")]
    [InlineData(0.0005, "0.5 ms")]
    [InlineData(0.0001234, "0.123 ms")]
    [InlineData(1.5, "1.5 s")]
    [InlineData(2, "2 s")]
    public void A_log_axis_label_drops_the_zeros_a_round_tick_does_not_need(double seconds, string expected) =>
        Assert.Equal(expected, TimeFormat.LogTick(seconds));

    [Theory]
    [InlineData(0, 0.2, 1.0, "0")]
    [InlineData(0.2, 0.2, 0.8, "200 ms")]
    [InlineData(1.5, 0.5, 3.0, "1.5 s")]
    public void A_linear_axis_label_is_in_seconds_once_the_axis_reaches_one(double seconds, double step, double axis, string expected) =>
        Assert.Equal(expected, TimeFormat.Tick(seconds, step, axis));
}
