namespace ParallelCmdlets.Measurement;

/// <summary>
/// One measured speedup at a concurrency: what the scaling laws are fitted to. Concurrency is workers × threads
/// per worker, the number of tasks that can run at once, so "Processes -Workers 1 -ThreadsPerWorker 8" and
/// "Threads -Workers 8" sit at the same place on the curve.
/// </summary>
public readonly record struct SpeedupSample(double Concurrency, double Speedup)
{
    public static double ConcurrencyOf(ScalingPoint point) => (double)point.Workers * Math.Max(1, point.ThreadsPerWorker);

    /// <summary>The point's speedup at its concurrency, or null when it has no usable speedup.</summary>
    public static SpeedupSample? From(ScalingPoint point) =>
        point.Speedup is { } s && double.IsFinite(s) && s > 0 && point.Workers > 0
            ? new SpeedupSample(ConcurrencyOf(point), s)
            : null;
}
