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
