using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearRegression;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// Gunther's Universal Scalability Law: speedup(N) = N / (1 + σ(N − 1) + κ N (N − 1)). σ is contention (work
/// that queues for a shared resource, Amdahl's serial part), κ is coherency (every pair of workers paying to
/// agree, e.g. cache lines or a lock convoy); κ &gt; 0 makes the curve peak and then fall.
/// </summary>
public static class UniversalScalabilityLaw
{
    /// <summary>Two parameters need three distinct concurrencies to be told apart.</summary>
    public const int MinimumConcurrencies = 3;

    /// <summary>Below this κ the peak lies beyond any machine (N* &gt; 1000 with σ = 0): no peak is reported.</summary>
    public const double NegligibleKappa = 1e-6;

    /// <summary>
    /// Upper bound of κ in the fit: κ = 1 already halves the speedup at two workers, so a larger one only
    /// describes runs that get slower with every worker, which σ near 1 describes as well.
    /// </summary>
    public const double MaximumKappa = 1;

    public static double Speedup(double sigma, double kappa, double concurrency) =>
        concurrency / (1 + sigma * (concurrency - 1) + kappa * concurrency * (concurrency - 1));

    /// <summary>N* = sqrt((1 − σ)/κ), where the law peaks; null when κ is negligible (it never peaks), 1 when it never rises.</summary>
    public static double? PeakConcurrency(double sigma, double kappa)
    {
        if (kappa < NegligibleKappa) return null;
        return Math.Max(1, Math.Sqrt(Math.Max(0, 1 - sigma) / kappa));
    }

    /// <summary>σ in [0, 1] and κ in [0, <see cref="MaximumKappa"/>] that best fit the samples, with R², or null and why.</summary>
    public static (double Sigma, double Kappa, double RSquared)? Fit(IReadOnlyList<SpeedupSample> samples, out string? reason)
    {
        var concurrencies = samples.Select(s => s.Concurrency).Distinct().Count();
        if (concurrencies < MinimumConcurrencies)
        {
            reason = $"the USL needs {MinimumConcurrencies} distinct worker counts, got {concurrencies}";
            return null;
        }
        var fit = ScalingLeastSquares.Fit(samples,
            (p, n) => Speedup(p[0], p[1], n),
            (p, n) =>
            {
                var denominator = 1 + p[0] * (n - 1) + p[1] * n * (n - 1);
                var common = -n * (n - 1) / (denominator * denominator);
                return Vector<double>.Build.Dense([common, common * n]);
            },
            InitialGuess(samples), [0, 0], [1, MaximumKappa], out reason);
        return fit is { } f ? (f.Parameters[0], f.Parameters[1], f.RSquared) : null;
    }

    /// <summary>
    /// Rearranged, the law is linear in σ and κ: N/S − 1 = σ (N − 1) + κ N (N − 1). Its least squares (no
    /// intercept) starts the nonlinear fit, which then weighs the errors in speedup, as measured.
    /// </summary>
    private static double[] InitialGuess(IReadOnlyList<SpeedupSample> samples)
    {
        var rows = samples.Where(s => s.Concurrency != 1).ToList();
        try
        {
            var guess = MultipleRegression.QR(
                rows.Select(s => new[] { s.Concurrency - 1, s.Concurrency * (s.Concurrency - 1) }).ToArray(),
                rows.Select(s => s.Concurrency / s.Speedup - 1).ToArray(), intercept: false);
            return [guess[0], guess[1]];
        }
        catch (ArgumentException)
        {
            return [0.1, 0.001]; // too few rows for the linear guess: a mild start, the fit does the rest
        }
    }
}
