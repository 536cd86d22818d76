using ParallelCmdlets.Measurement;
using static ParallelCmdlets.Tests.Measurement.Scaling.SyntheticScaling;

namespace ParallelCmdlets.Tests.Measurement.Scaling;

public class UniversalScalabilityLawTests
{
    private const double Sigma = 0.05, Kappa = 0.002;

    /// <summary>N* = sqrt((1 − 0.05) / 0.002) ≈ 21.8 workers: beyond the 16 measured, as a real sweep would find it.</summary>
    private static readonly double TruePeak = Math.Sqrt((1 - Sigma) / Kappa);

    // With 2 % noise over N = 1..16 (seen over 20 seeds: σ ±0.008, κ ±0.0006, N* ±4.1).
    private const double NoisySigmaTolerance = 0.015;
    private const double NoisyKappaTolerance = 0.0008;
    private const double NoisyPeakTolerance = 5;

    private static List<SpeedupSample> Samples(IEnumerable<ScalingPoint> points) =>
        points.Select(SpeedupSample.From).OfType<SpeedupSample>().ToList();

    private static List<SpeedupSample> Usl(double sigma, double kappa, IEnumerable<int> workers, double noise = 0, int seed = 1) =>
        Samples(Sweep(n => UniversalScalabilityLaw.Speedup(sigma, kappa, n), workers, noise, seed));

    [Fact]
    public void Is_linear_without_contention_or_coherency_and_peaks_where_it_says()
    {
        Assert.Equal(16, UniversalScalabilityLaw.Speedup(0, 0, 16), 12);
        var peak = UniversalScalabilityLaw.PeakConcurrency(Sigma, Kappa)!.Value;
        Assert.Equal(TruePeak, peak, 9);
        Assert.True(UniversalScalabilityLaw.Speedup(Sigma, Kappa, peak) > UniversalScalabilityLaw.Speedup(Sigma, Kappa, peak - 1));
        Assert.True(UniversalScalabilityLaw.Speedup(Sigma, Kappa, peak) > UniversalScalabilityLaw.Speedup(Sigma, Kappa, peak + 1));
    }

    [Fact]
    public void Predicts_no_peak_when_coherency_is_negligible_and_a_peak_at_one_when_nothing_is_gained()
    {
        Assert.Null(UniversalScalabilityLaw.PeakConcurrency(0.1, 0));
        Assert.Null(UniversalScalabilityLaw.PeakConcurrency(0.1, UniversalScalabilityLaw.NegligibleKappa / 2));
        Assert.Equal(1, UniversalScalabilityLaw.PeakConcurrency(1, 0.01));
    }

    [Fact]
    public void Recovers_sigma_and_kappa_exactly_from_clean_points_with_an_r_squared_of_one()
    {
        var fit = UniversalScalabilityLaw.Fit(Usl(Sigma, Kappa, Enumerable.Range(1, 16)), out var reason);

        Assert.Null(reason);
        Assert.Equal(Sigma, fit!.Value.Sigma, 5);
        Assert.Equal(Kappa, fit.Value.Kappa, 6);
        Assert.Equal(1, fit.Value.RSquared, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Recovers_sigma_kappa_and_the_peak_from_points_with_two_percent_noise(int seed)
    {
        var fit = UniversalScalabilityLaw.Fit(Usl(Sigma, Kappa, Enumerable.Range(1, 16), noise: 0.02, seed: seed), out _)!.Value;

        Assert.InRange(fit.Sigma, Sigma - NoisySigmaTolerance, Sigma + NoisySigmaTolerance);
        Assert.InRange(fit.Kappa, Kappa - NoisyKappaTolerance, Kappa + NoisyKappaTolerance);
        Assert.InRange(UniversalScalabilityLaw.PeakConcurrency(fit.Sigma, fit.Kappa)!.Value, TruePeak - NoisyPeakTolerance, TruePeak + NoisyPeakTolerance);
        Assert.True(fit.RSquared > 0.99, $"R² {fit.RSquared}");
    }

    [Fact]
    public void Recovers_a_peak_inside_the_measured_range()
    {
        // σ = 0.1, κ = 0.02: N* ≈ 6.7, and the speedup falls after it, as in a lock convoy.
        var fit = UniversalScalabilityLaw.Fit(Usl(0.1, 0.02, Enumerable.Range(1, 12), noise: 0.02, seed: 7), out _)!.Value;

        Assert.InRange(UniversalScalabilityLaw.PeakConcurrency(fit.Sigma, fit.Kappa)!.Value, 6.7 - 1, 6.7 + 1);
    }

    [Fact]
    public void Finds_no_coherency_in_points_from_amdahls_law()
    {
        var fit = UniversalScalabilityLaw.Fit(Samples(Sweep(n => AmdahlLaw.Speedup(0.1, n), Enumerable.Range(1, 16))), out _)!.Value;

        Assert.Equal(0.1, fit.Sigma, 4); // Amdahl's law is the USL with κ = 0
        Assert.True(fit.Kappa < UniversalScalabilityLaw.NegligibleKappa, $"κ {fit.Kappa}");
    }

    [Fact]
    public void Keeps_sigma_and_kappa_within_their_bounds_when_the_points_scale_beyond_linear()
    {
        var fit = UniversalScalabilityLaw.Fit(Samples(Sweep(n => 1.3 * n, [1, 2, 4, 8])), out _)!.Value;

        Assert.InRange(fit.Sigma, 0, 1e-3);
        Assert.InRange(fit.Kappa, 0, 1e-4);
    }

    [Fact]
    public void Gives_no_fit_and_says_why_with_two_worker_counts()
    {
        var fit = UniversalScalabilityLaw.Fit(Usl(Sigma, Kappa, [1, 2, 2, 1]), out var reason);

        Assert.Null(fit);
        Assert.Equal("the USL needs 3 distinct worker counts, got 2", reason);
    }
}
