namespace ParallelCmdlets.Measurement;

/// <summary>
/// A scaling sweep: at each size, one controlled comparison of every (strategy, workers) pair against the
/// Sequential baseline, all pools started first and every run interleaved, read off as one point per pair.
/// </summary>
public static class ScalingSweep
{
    /// <summary>The plans of one size: the baseline, then each strategy at each worker count, each once.</summary>
    public static IReadOnlyList<StrategyPlan> Plans(IReadOnlyList<Strategy> strategies, IReadOnlyList<int> workerCounts, int threadsPerWorker) =>
        workerCounts.Distinct().Order()
            .SelectMany(w => strategies.Where(s => s != Strategy.Sequential)
                .Select(s => new StrategyPlan(s, w, s == Strategy.Processes ? threadsPerWorker : 1)))
            .Prepend(new StrategyPlan(Strategy.Sequential, 1, 1))
            .Distinct()
            .ToList();

    /// <summary>One point per result of a comparison at <paramref name="size"/>; efficiency is speedup over what min(workers, cores) allows.</summary>
    public static IReadOnlyList<ScalingPoint> Points(IReadOnlyList<StrategyResult> results, long size, int cores) =>
        results.Select(r =>
        {
            var parallel = r.Strategy == Strategy.Sequential ? 1 : Math.Max(1, Math.Min(r.Workers * r.ThreadsPerWorker, r.Tasks));
            return new ScalingPoint
            {
                Workload = r.Workload,
                Strategy = r.Strategy,
                Workers = r.Workers,
                ThreadsPerWorker = r.ThreadsPerWorker,
                Size = size,
                Tasks = r.Tasks,
                Elapsed = r.Elapsed,
                ElapsedLow = r.ElapsedLow,
                ElapsedHigh = r.ElapsedHigh,
                Speedup = r.Speedup,
                SpeedupLow = r.SpeedupLow,
                SpeedupHigh = r.SpeedupHigh,
                Efficiency = r.Speedup / Math.Min(parallel, cores),
                Verdict = r.Verdict,
                Warnings = r.Warnings,
                Result = r,
            };
        }).ToList();
}
