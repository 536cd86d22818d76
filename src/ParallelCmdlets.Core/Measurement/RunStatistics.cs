using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.OutlierDetection;
using Perfolizer.Mathematics.QuantileEstimators;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace ParallelCmdlets.Measurement;

/// <summary>How one strategy's run times compare with another's.</summary>
public enum Difference
{
    /// <summary>Slower by more than the threshold, with significance.</summary>
    Slower,
    /// <summary>Faster by more than the threshold, with significance.</summary>
    Faster,
    /// <summary>Within noise, or within the threshold: a tie.</summary>
    Tie,
}

/// <summary>The spread of one strategy's repeated run times.</summary>
public sealed record ElapsedSummary(double LowerMedian, double? MedianLow, double? MedianHigh, double Min, double Max,
    double CoefficientOfVariation, IReadOnlyList<double> Outliers);

/// <summary>
/// The statistics behind every comparison, from BenchmarkDotNet's engine (Perfolizer): Harrell–Davis medians
/// with their confidence intervals, Tukey's fences for outliers, and a Mann–Whitney test with a practical
/// threshold for "is this strategy really faster".
/// </summary>
public static class RunStatistics
{
    /// <summary>Chance of calling a difference that is not there: the significance level of every test.</summary>
    public const double Alpha = 0.05;

    /// <summary>Confidence of every interval and test.</summary>
    public const double ConfidenceLevel = 1 - Alpha;

    /// <summary>A difference in run time smaller than this share is never called a win, however consistent.</summary>
    public const double TieThreshold = 0.05;

    private static readonly SimpleEquivalenceTest Equivalence = new(MannWhitneyTest.Instance);
    private static readonly Threshold RelativeThreshold = Threshold.Parse(FormattableString.Invariant($"{TieThreshold * 100:0.##}%"));

    /// <summary>The lower median (a run that happened, even for an even count) and the spread around it.</summary>
    public static ElapsedSummary Summarize(IReadOnlyList<double> elapsed)
    {
        if (elapsed.Count == 0) throw new ArgumentException("At least one run is needed.", nameof(elapsed));
        var sorted = elapsed.Order().ToArray();
        var lowerMedian = sorted[(sorted.Length - 1) / 2];
        double? low = null, high = null;
        if (sorted.Length >= 2 && sorted[0] < sorted[^1])
        {
            var interval = HarrellDavisQuantileEstimator.Instance
                .QuantileConfidenceIntervalEstimator(new Sample(sorted), Probability.Half)
                .ConfidenceInterval(new Perfolizer.Mathematics.Common.ConfidenceLevel(ConfidenceLevel));
            low = Math.Max(sorted[0], interval.Lower);
            high = Math.Min(sorted[^1], interval.Upper);
        }
        var mean = sorted.Average();
        var cv = sorted.Length >= 2 && mean > 0 ? Moments.Create(sorted).StandardDeviation / mean : 0;
        // Tukey's fences flag a 101.6 ms run among 101.0 ms ones; only an outlier that also moves the time by more
        // than the tie threshold is worth a reader's attention.
        IReadOnlyList<double> outliers = sorted.Length >= 4 && sorted[0] < sorted[^1]
            ? TukeyOutlierDetector.Create(sorted).AllOutliers(sorted).Where(x => Math.Abs(x - lowerMedian) > TieThreshold * lowerMedian).ToArray()
            : [];
        return new ElapsedSummary(lowerMedian, low, high, sorted[0], sorted[^1], cv, outliers);
    }

    /// <summary>
    /// The ratio of two strategies' mean run times (baseline over this one: a speedup) with its interval: the
    /// means' relative standard errors combined on the log scale, where a ratio is a difference, with Student's t
    /// at the smaller sample's degrees of freedom. Bounded by the runs' own extremes: with five
    /// noisy runs the normal approximation otherwise reached from 0.00 to 550.
    /// </summary>
    public static (double Estimate, double? Low, double? High) Ratio(IReadOnlyList<double> numerator, IReadOnlyList<double> denominator)
    {
        var top = Sampling.MeanEstimate.Of(numerator);
        var bottom = Sampling.MeanEstimate.Of(denominator);
        if (top.Mean <= 0 || bottom.Mean <= 0) return (0, null, null);
        var estimate = top.Mean / bottom.Mean;
        if (numerator.Count < 2 || denominator.Count < 2) return (estimate, null, null);
        var logError = Math.Sqrt(Square(top.RelativeStandardError) + Square(bottom.RelativeStandardError));
        var t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, Math.Min(numerator.Count, denominator.Count) - 1, 1 - Alpha / 2);
        var lowest = numerator.Min() / denominator.Max();
        var highest = numerator.Max() / denominator.Min();
        return (estimate, Math.Clamp(estimate * Math.Exp(-t * logError), lowest, estimate), Math.Clamp(estimate * Math.Exp(t * logError), estimate, highest));
    }

    private static double Square(double x) => x * x;

    /// <summary>
    /// Whether <paramref name="candidate"/>'s run times differ from <paramref name="reference"/>'s by more than
    /// <see cref="TieThreshold"/>, by a one-sided Mann–Whitney test each way at the stated confidence.
    /// </summary>
    public static Difference Compare(IReadOnlyList<double> candidate, IReadOnlyList<double> reference)
    {
        if (Math.Min(candidate.Count, reference.Count) < RepeatsNeeded) return Difference.Tie;
        var result = Equivalence.Perform(new Sample(candidate.ToArray()), new Sample(reference.ToArray()), RelativeThreshold,
            new SignificanceLevel(Alpha));
        return result switch
        {
            ComparisonResult.Greater => Difference.Slower,
            ComparisonResult.Lesser => Difference.Faster,
            _ => Difference.Tie,
        };
    }

    /// <summary>
    /// Repeats per strategy the test needs to name a winner at all: with n runs against n, the smallest
    /// one-sided p-value Mann–Whitney can reach is 1 / C(2n, n), which must fall below <see cref="Alpha"/>.
    /// </summary>
    public static int RepeatsNeeded { get; } = FindRepeatsNeeded();

    private static int FindRepeatsNeeded()
    {
        var n = 1;
        while (1.0 / BinomialCoefficientHelper.BinomialCoefficient(2 * n, n) >= Alpha) n++;
        return n;
    }
}
