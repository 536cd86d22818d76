namespace ParallelCmdlets.Measurement;

/// <summary>
/// A scaling sweep: at each size, one controlled comparison of every (strategy, workers) pair against the
/// Sequential baseline, all pools started first and every run interleaved, read off as one point per pair.
/// </summary>
public static class ScalingSweep
{
    /// <summary>
    /// The plans of one size: the baseline, then each strategy at each worker count, each once; Processes once per
    /// GC mode in <paramref name="gcModes"/> (none: the experiment's own). The others run in this process (or
    /// under a tool's own), under its collector, so they are measured once whatever the modes.
    /// </summary>
    public static IReadOnlyList<StrategyPlan> Plans(IReadOnlyList<Strategy> strategies, IReadOnlyList<int> workerCounts, int threadsPerWorker,
        IReadOnlyList<WorkerGcMode>? gcModes = null)
    {
        var modes = gcModes is { Count: > 0 } ? gcModes.Distinct().Select(m => (WorkerGcMode?)m).ToList() : [null];
        return workerCounts.Distinct().Order()
            .SelectMany(w => strategies.Where(s => !s.IsBaseline())
                .SelectMany(s => s.RunsInWorkerProcesses()
                    ? modes.Select(mode => new StrategyPlan(s, w, threadsPerWorker) { GcMode = mode })
                    : [new StrategyPlan(s, w, 1)]))
            .Prepend(new StrategyPlan(Strategies.StrategyCatalog.Baseline, 1, 1))
            .Distinct()
            .ToList();
    }

    /// <summary>One point per result of a comparison at <paramref name="size"/>; efficiency is speedup over what min(workers, cores) allows.</summary>
    public static IReadOnlyList<ScalingPoint> Points(IReadOnlyList<StrategyResult> results, long size, int cores) =>
        results.Select(r =>
        {
            var parallel = r.Strategy.IsBaseline() ? 1 : Math.Max(1, Math.Min(r.Workers * r.ThreadsPerWorker, r.Tasks));
            return new ScalingPoint
            {
                Workload = r.Workload,
                Strategy = r.Strategy,
                Workers = r.Workers,
                ThreadsPerWorker = r.ThreadsPerWorker,
                GcMode = r.GcMode,
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
