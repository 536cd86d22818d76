using MathNet.Numerics.Distributions;

namespace ParallelCmdlets.Measurement.Sampling;

/// <summary>
/// The mean of a strategy's run times with its Student-t interval: what a batch costs in steady state, a
/// collection paid in two runs of five included. <see cref="Precision"/> is the interval's half-width over the mean.
/// </summary>
public readonly record struct MeanEstimate(double Mean, double Low, double High, int Count)
{
    /// <summary>Half the interval's width over the mean (0.05 reads ±5 %); infinite with fewer than two runs.</summary>
    public double Precision => Count < 2 ? double.PositiveInfinity : Mean > 0 ? (High - Low) / 2 / Mean : 0;

    /// <summary>Standard error of the mean relative to the mean, for combining into a ratio's interval.</summary>
    public double RelativeStandardError { get; init; }

    public static MeanEstimate Of(IReadOnlyList<double> values, double confidence = RunStatistics.ConfidenceLevel)
    {
        if (values.Count == 0) throw new ArgumentException("At least one run is needed.", nameof(values));
        var mean = values.Average();
        if (values.Count < 2) return new MeanEstimate(mean, mean, mean, values.Count) { RelativeStandardError = double.PositiveInfinity };
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        var error = sd / Math.Sqrt(values.Count);
        var margin = StudentT.InvCDF(0, 1, values.Count - 1, 1 - (1 - confidence) / 2) * error;
        // No mean of these runs lies outside them: with four runs Student's t otherwise reached below the fastest.
        return new MeanEstimate(mean, Math.Max(values.Min(), mean - margin), Math.Min(values.Max(), mean + margin), values.Count)
        {
            RelativeStandardError = mean > 0 ? error / mean : 0,
        };
    }

    /// <summary>
    /// Runs that would bring the interval within <paramref name="precision"/> at this spread (the normal
    /// approximation of n = (z·s / (p·mean))²), never fewer than there are; null when the spread is unknown.
    /// </summary>
    public int? RunsFor(double precision)
    {
        if (Count < 2 || Mean <= 0 || precision <= 0) return null;
        var relativeSd = RelativeStandardError * Math.Sqrt(Count);
        var z = Normal.InvCDF(0, 1, 1 - RunStatistics.Alpha / 2);
        var needed = Math.Ceiling(Math.Pow(z * relativeSd / precision, 2));
        return (int)Math.Min(int.MaxValue, Math.Max(Count, needed));
    }
}
