using MathNet.Numerics.LinearAlgebra;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// Amdahl's law: a share s of the work runs one at a time whatever the concurrency N, so
/// speedup(N) = 1 / (s + (1 − s)/N), which rises towards 1/s and never falls.
/// </summary>
public static class AmdahlLaw
{
    /// <summary>One parameter needs two distinct concurrencies (the law passes through 1 at N = 1 by itself).</summary>
    public const int MinimumConcurrencies = 2;

    public static double Speedup(double serialFraction, double concurrency) =>
        1 / (serialFraction + (1 - serialFraction) / concurrency);

    /// <summary>The speedup it tends to with unlimited workers, or null for no serial part at all.</summary>
    public static double? Ceiling(double serialFraction) => serialFraction > 0 ? 1 / serialFraction : null;

    /// <summary>The serial fraction in [0, 1] that best fits the samples, with R², or null and why.</summary>
    public static (double SerialFraction, double RSquared)? Fit(IReadOnlyList<SpeedupSample> samples, out string? reason)
    {
        var concurrencies = samples.Select(s => s.Concurrency).Distinct().Count();
        if (concurrencies < MinimumConcurrencies)
        {
            reason = $"Amdahl needs {MinimumConcurrencies} distinct worker counts, got {concurrencies}";
            return null;
        }
        var fit = ScalingLeastSquares.Fit(samples,
            (p, n) => Speedup(p[0], n),
            // dS/ds = −S² (1 − 1/N)
            (p, n) => Vector<double>.Build.Dense([-Math.Pow(Speedup(p[0], n), 2) * (1 - 1 / n)]),
            [InitialGuess(samples)], [0], [1], out reason);
        return fit is { } f ? (f.Parameters[0], f.RSquared) : null;
    }

    /// <summary>
    /// The law is linear in s once rearranged, 1/S − 1/N = s (1 − 1/N): its least-squares slope through the
    /// origin starts the nonlinear fit close to the answer.
    /// </summary>
    private static double InitialGuess(IReadOnlyList<SpeedupSample> samples)
    {
        double xy = 0, xx = 0;
        foreach (var (n, speedup) in samples)
        {
            var x = 1 - 1 / n;
            xy += x * (1 / speedup - 1 / n);
            xx += x * x;
        }
        return xx > 0 ? Math.Clamp(xy / xx, 0, 1) : 0.5;
    }
}
