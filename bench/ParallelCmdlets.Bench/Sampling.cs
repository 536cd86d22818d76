using System.Diagnostics;

namespace ParallelCmdlets.Bench;

/// <summary>Medians of interleaved samples: the machine is shared, so module and baseline take turns.</summary>
internal static class Sampling
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double Seconds(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Runs both after <paramref name="warmups"/> untimed turns, alternating which goes first, and returns both medians.</summary>
    public static (double Module, double Baseline) Compare(Func<double> module, Func<double> baseline, int warmups, int iterations)
    {
        var (m, b) = CompareSamples(module, baseline, warmups, iterations);
        return (m.Median, b.Median);
    }

    /// <summary>As <see cref="Compare"/>, keeping every timed sample so the spread can be reported too.</summary>
    public static (Samples Module, Samples Baseline) CompareSamples(Func<double> module, Func<double> baseline, int warmups, int iterations)
    {
        for (var i = 0; i < warmups; i++)
        {
            module();
            baseline();
        }
        var m = new List<double>();
        var b = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            if (i % 2 == 0)
            {
                m.Add(module());
                b.Add(baseline());
            }
            else
            {
                b.Add(baseline());
                m.Add(module());
            }
        }
        return (new Samples(m), new Samples(b));
    }
}

/// <summary>The timed samples of one side of a comparison, in the order they were taken.</summary>
internal sealed record Samples(IReadOnlyList<double> Values)
{
    public double Median => Sampling.Median(Values);
    public double Min => Values.Count == 0 ? double.NaN : Values.Min();
    public double Max => Values.Count == 0 ? double.NaN : Values.Max();

    /// <summary>"median (min–max, n samples)", for the notes.</summary>
    public override string ToString() => $"{Format.Time(Median)} ({Format.Time(Min)}–{Format.Time(Max)}, {Values.Count} samples)";
}

/// <summary>
/// A ratio judged from paired samples (module and baseline taken in turns, pair i the i-th of each): the geometric
/// mean of the pairs' ratios with its 95 % interval (Student's t on the log ratios). "yes" only when the interval's
/// upper end is within the goal, "no" when its lower end is beyond it, otherwise "within noise".
/// </summary>
internal sealed record PairedRatio(double Ratio, double Low, double High, int Pairs)
{
    public const double Confidence = 0.95;

    public static PairedRatio Of(IReadOnlyList<double> module, IReadOnlyList<double> baseline)
    {
        var logs = module.Zip(baseline, (m, b) => Math.Log(m / b)).Where(double.IsFinite).ToArray();
        return OfLogs(logs);
    }

    /// <summary>Each sample's ratio to a fixed reference (a goal stated against a constant, as row 8's 50 µs).</summary>
    public static PairedRatio To(IReadOnlyList<double> module, double reference) =>
        OfLogs(module.Select(m => Math.Log(m / reference)).Where(double.IsFinite).ToArray());

    private static PairedRatio OfLogs(double[] logs)
    {
        if (logs.Length == 0) return new PairedRatio(double.NaN, double.NaN, double.NaN, 0);
        var mean = logs.Average();
        if (logs.Length < 2) return new PairedRatio(Math.Exp(mean), double.NaN, double.NaN, 1);
        var sd = Math.Sqrt(logs.Sum(l => (l - mean) * (l - mean)) / (logs.Length - 1));
        var t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, logs.Length - 1, 1 - (1 - Confidence) / 2);
        var margin = t * sd / Math.Sqrt(logs.Length);
        return new PairedRatio(Math.Exp(mean), Math.Exp(mean - margin), Math.Exp(mean + margin), logs.Length);
    }

    public bool Decided(double goal) => High <= goal || Low > goal;

    public string Judge(double goal) => High <= goal ? "yes" : Low > goal ? "no" : "within noise";

    /// <summary>"1.131 (1.052–1.216)".</summary>
    public override string ToString() => double.IsNaN(Low) ? Format.Ratio(Ratio) : $"{Format.Ratio(Ratio)} ({Format.Ratio(Low)}–{Format.Ratio(High)})";
}

internal static class JudgedSampling
{
    /// <summary>
    /// Takes <paramref name="iterations"/> pairs in turns after the warm-up, then more, <paramref name="iterations"/>
    /// at a time, while the ratio's interval straddles <paramref name="goal"/>, up to <paramref name="maxIterations"/>.
    /// </summary>
    public static (Samples Module, Samples Baseline, PairedRatio Ratio) UntilDecided(Func<double> module, Func<double> baseline, int warmups, int iterations,
        double goal, int maxIterations)
    {
        var (m, b) = Sampling.CompareSamples(module, baseline, warmups, iterations);
        var ms = m.Values.ToList();
        var bs = b.Values.ToList();
        var ratio = PairedRatio.Of(ms, bs);
        while (!ratio.Decided(goal) && ms.Count < maxIterations)
        {
            var (m2, b2) = Sampling.CompareSamples(module, baseline, 0, Math.Min(iterations, maxIterations - ms.Count));
            ms.AddRange(m2.Values);
            bs.AddRange(b2.Values);
            ratio = PairedRatio.Of(ms, bs);
        }
        return (new Samples(ms), new Samples(bs), ratio);
    }
}
