using ParallelCmdlets.Measurement;
using static ParallelCmdlets.Tests.Measurement.Scaling.SyntheticScaling;

namespace ParallelCmdlets.Tests.Measurement.Scaling;

public class AmdahlLawTests
{
    /// <summary>With 2 % noise over N = 1..16, s = 0.10 comes back within ±0.01 (seen: ±0.003 over 20 seeds).</summary>
    private const double NoisySerialTolerance = 0.01;

    private static List<SpeedupSample> Samples(IEnumerable<ScalingPoint> points) =>
        points.Select(SpeedupSample.From).OfType<SpeedupSample>().ToList();

    [Fact]
    public void Passes_through_one_at_one_worker_and_tends_to_one_over_s()
    {
        Assert.Equal(1, AmdahlLaw.Speedup(0.2, 1), 12);
        Assert.Equal(5, AmdahlLaw.Speedup(0.2, 1e12), 6);
        Assert.Equal(5, AmdahlLaw.Ceiling(0.2)!.Value, 12);
        Assert.Null(AmdahlLaw.Ceiling(0));
    }

    [Fact]
    public void Recovers_the_serial_fraction_exactly_from_clean_points_with_an_r_squared_of_one()
    {
        var fit = AmdahlLaw.Fit(Samples(Sweep(n => AmdahlLaw.Speedup(0.1, n), Enumerable.Range(1, 16))), out var reason);

        Assert.Null(reason);
        Assert.Equal(0.1, fit!.Value.SerialFraction, 6);
        Assert.Equal(1, fit.Value.RSquared, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Recovers_the_serial_fraction_from_points_with_two_percent_noise(int seed)
    {
        var fit = AmdahlLaw.Fit(Samples(Sweep(n => AmdahlLaw.Speedup(0.1, n), Enumerable.Range(1, 16), noise: 0.02, seed: seed)), out _);

        Assert.InRange(fit!.Value.SerialFraction, 0.1 - NoisySerialTolerance, 0.1 + NoisySerialTolerance);
        Assert.True(fit.Value.RSquared > 0.99, $"R² {fit.Value.RSquared}");
    }

    [Fact]
    public void Keeps_the_serial_fraction_within_zero_and_one_when_the_points_scale_beyond_linear()
    {
        var superlinear = AmdahlLaw.Fit(Samples(Sweep(n => 1.2 * n, [1, 2, 4, 8])), out _);
        var slower = AmdahlLaw.Fit(Samples(Sweep(n => 1 / (double)n, [1, 2, 4, 8])), out _);

        Assert.InRange(superlinear!.Value.SerialFraction, 0, 1e-3);
        Assert.InRange(slower!.Value.SerialFraction, 0.999, 1);
    }

    [Fact]
    public void Gives_no_fit_and_says_why_with_a_single_worker_count()
    {
        var fit = AmdahlLaw.Fit(Samples(Sweep(n => 1, [1, 1, 1])), out var reason);

        Assert.Null(fit);
        Assert.Equal("Amdahl needs 2 distinct worker counts, got 1", reason);
    }

    [Fact]
    public void Fits_two_worker_counts()
    {
        var fit = AmdahlLaw.Fit(Samples(Sweep(n => AmdahlLaw.Speedup(0.25, n), [1, 2])), out _);

        Assert.Equal(0.25, fit!.Value.SerialFraction, 6);
    }
}
