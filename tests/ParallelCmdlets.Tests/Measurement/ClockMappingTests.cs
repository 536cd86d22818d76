using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>Cristian's method on hand-made round trips: the best trip wins, its half is the uncertainty.</summary>
public class ClockMappingTests
{
    private const double Frequency = 1_000_000; // a microsecond clock keeps the figures readable

    [Fact]
    public void Keeps_the_sample_with_the_smallest_round_trip_and_reports_half_of_it_as_the_uncertainty()
    {
        // The remote clock reads 5 s behind; trips of 800, 200 and 600 µs.
        ClockSample[] samples = [new(10_000_000, 5_000_500, 10_000_800), new(20_000_000, 15_000_100, 20_000_200), new(30_000_000, 25_000_400, 30_000_600)];

        var mapping = ClockMapping.FromSamples(samples, Frequency, Frequency);

        Assert.Equal(100e-6, mapping.UncertaintySeconds, 12);
        Assert.Equal(200e-6, mapping.RoundTripSeconds, 12);
        Assert.Equal(5.0, mapping.OffsetSeconds, 9);
    }

    [Fact]
    public void Maps_a_remote_stamp_to_the_local_midpoint_of_the_best_trip_plus_the_time_since()
    {
        var mapping = ClockMapping.FromSamples([new(1_000, 501_050, 1_100)], Frequency, Frequency);

        Assert.Equal(1_050, mapping.ToLocal(501_050));
        Assert.Equal(1_050 + 2_000_000, mapping.ToLocal(501_050 + 2_000_000));
    }

    [Fact]
    public void Converts_between_clocks_of_different_frequencies()
    {
        // The remote clock ticks in nanoseconds (10⁹/s), this one in microseconds.
        var mapping = ClockMapping.FromSamples([new(2_000, 7_000_000_000, 2_000)], Frequency, 1e9);

        Assert.Equal(2_000 + 1_500_000, mapping.ToLocal(7_000_000_000 + 1_500_000_000));
        Assert.Equal(0, mapping.UncertaintySeconds);
    }

    [Fact]
    public void Puts_a_stamp_inside_its_true_local_interval_within_the_uncertainty()
    {
        // A remote clock 3 s ahead, asymmetric trips: the true instant of each remote reading is unknown, but the
        // mapping of any later stamp is off by at most half the best trip.
        var truth = new Func<long, long>(remote => remote - 3_000_000);
        var samples = new[] { (Sent: 100L, Delay: 700L, Back: 100L), (Sent: 5_000L, Delay: 30L, Back: 90L), (Sent: 9_000L, Delay: 400L, Back: 400L) }
            .Select(s => new ClockSample(s.Sent, s.Sent + s.Delay + 3_000_000, s.Sent + s.Delay + s.Back));

        var mapping = ClockMapping.FromSamples(samples, Frequency, Frequency);

        var later = 50_000L + 3_000_000;
        Assert.InRange(mapping.ToLocal(later) - truth(later), -mapping.UncertaintySeconds * Frequency, mapping.UncertaintySeconds * Frequency);
        Assert.Equal(60e-6, mapping.UncertaintySeconds, 12);
    }

    [Fact]
    public void Ignores_a_sample_whose_answer_came_before_its_request_and_refuses_when_none_is_left()
    {
        var mapping = ClockMapping.FromSamples([new(500, 0, 400), new(1_000, 10, 1_040)], Frequency, Frequency);
        Assert.Equal(20e-6, mapping.UncertaintySeconds, 12);

        Assert.Throws<ArgumentException>(() => ClockMapping.FromSamples([new(500, 0, 400)], Frequency, Frequency));
    }

    [Fact]
    public void The_identity_mapping_of_this_machine_changes_no_stamp()
    {
        var mapping = ClockMapping.Identity(Frequency);

        Assert.Equal(123_456, mapping.ToLocal(123_456));
        Assert.Equal(0, mapping.UncertaintySeconds);
    }
}
