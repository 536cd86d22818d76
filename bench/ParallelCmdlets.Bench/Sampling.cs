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
        return (Median(m), Median(b));
    }
}
