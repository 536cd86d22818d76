namespace ParallelCmdlets.Tests.Measurement.Scaling;

/// <summary>Sweep points generated from a known law or cost curve, with seeded multiplicative noise.</summary>
internal static class SyntheticScaling
{
    /// <summary>One point per worker count, its speedup law(N) × (1 + noise·z) with z standard normal.</summary>
    public static List<ScalingPoint> Sweep(Func<double, double> law, IEnumerable<int> workers, double noise = 0, int seed = 1,
        Strategy strategy = Strategy.Threads, long size = 1000, string gcMode = "")
    {
        var random = new Random(seed);
        return workers.Select(n =>
        {
            var speedup = law(n) * (1 + noise * Normal(random));
            return new ScalingPoint
            {
                Workload = "Synthetic",
                Strategy = strategy,
                Workers = n,
                Size = size,
                GcMode = gcMode,
                Tasks = 16,
                Elapsed = 10 / speedup,
                ElapsedLow = 10 / speedup * 0.97,
                ElapsedHigh = 10 / speedup * 1.03,
                Speedup = speedup,
                SpeedupLow = speedup * 0.97,
                SpeedupHigh = speedup * 1.03,
                Efficiency = speedup / n,
                Verdict = "synthetic",
            };
        }).ToList();
    }

    /// <summary>Points of a size sweep whose elapsed time follows <paramref name="elapsed"/>(size), with noise.</summary>
    public static List<ScalingPoint> SizeSweep(Strategy strategy, Func<double, double> elapsed, IEnumerable<long> sizes,
        double noise = 0, int seed = 1, int workers = 2, string gcMode = "")
    {
        var random = new Random(seed);
        return sizes.Select(size =>
        {
            var seconds = elapsed(size) * (1 + noise * Normal(random));
            return new ScalingPoint
            {
                Workload = "Synthetic",
                Strategy = strategy,
                Workers = strategy == Strategy.Sequential ? 1 : workers,
                Size = size,
                GcMode = gcMode,
                Tasks = 16,
                Elapsed = seconds,
                ElapsedLow = seconds * 0.98,
                ElapsedHigh = seconds * 1.02,
                Verdict = "synthetic",
            };
        }).ToList();
    }

    /// <summary>A standard normal draw (Box–Muller), so the noise is reproducible from the seed alone.</summary>
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
