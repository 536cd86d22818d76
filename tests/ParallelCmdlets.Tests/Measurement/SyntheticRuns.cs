using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>Hand-made runs with chosen numbers: statistics and verdicts tested without a clock or sleeping.</summary>
internal static class SyntheticRuns
{
    private static int nextId;

    /// <summary>One run of four tasks; <paramref name="cpuPerTask"/> is the CPU each task used, in cores.</summary>
    public static RunResult Run(Strategy strategy, double elapsed, double taskSeconds, int workers = 2, double cpuPerTask = 1,
        double transfer = 0, double gcShare = 0, double? otherLoad = 0, string gcMode = "workstation, non-concurrent",
        int failed = 0, int cores = 2, int tasks = 4, int threadsPerWorker = 1, long bytesIn = 100, long bytesOut = 50,
        TransferMode transferMode = TransferMode.Copy)
    {
        var id = $"{strategy}-{Interlocked.Increment(ref nextId)}";
        return new RunResult
        {
            RunId = id,
            Workload = "Test",
            Strategy = strategy,
            TransferMode = transferMode,
            Workers = strategy == Strategy.Sequential ? 1 : workers,
            ThreadsPerWorker = threadsPerWorker,
            Tasks = tasks,
            Elapsed = elapsed,
            CpuSeconds = tasks * taskSeconds * cpuPerTask,
            GcPauseShare = gcShare,
            GcPauseSeconds = gcShare * elapsed,
            OtherLoad = otherLoad,
            GcMode = gcMode,
            Cores = cores,
            Records = Enumerable.Range(1, tasks).Select(i => new TaskRecord
            {
                RunId = id,
                Strategy = strategy,
                TransferMode = transferMode,
                TaskId = i,
                Start = 0,
                End = taskSeconds,
                TransferIn = transfer / 2,
                TransferOut = transfer / 2,
                BytesIn = bytesIn,
                BytesOut = bytesOut,
                Status = i <= failed ? TaskState.Failed : TaskState.Completed,
            }).ToArray(),
        };
    }

    /// <summary>Repeats of one strategy whose elapsed times are <paramref name="elapsed"/>, in that order.</summary>
    public static MeasuredStrategy Measured(Strategy strategy, double[] elapsed, double taskSeconds, int workers = 2, double cpuPerTask = 1,
        double transfer = 0, double gcShare = 0, double? otherLoad = 0, string gcMode = "workstation, non-concurrent", int cores = 2,
        int threadsPerWorker = 1, int failedInFirst = 0, long bytesIn = 100, long bytesOut = 50, TransferMode transferMode = TransferMode.Copy)
    {
        var runs = elapsed.Select((e, i) => Run(strategy, e, taskSeconds, workers, cpuPerTask, transfer, gcShare, otherLoad, gcMode,
            failed: i == 0 ? failedInFirst : 0, cores: cores, threadsPerWorker: threadsPerWorker, bytesIn: bytesIn, bytesOut: bytesOut,
            transferMode: transferMode)).ToList();
        var plan = new StrategyPlan(strategy, strategy == Strategy.Sequential ? 1 : workers, threadsPerWorker) { TransferMode = transferMode };
        return new MeasuredStrategy(plan, runs, 0, 1);
    }

    /// <summary>Five values spread ±<paramref name="spread"/> around <paramref name="center"/>, in a shuffled order.</summary>
    public static double[] Around(double center, double spread = 0.01) =>
        [center * (1 + spread), center * (1 - spread), center, center * (1 + spread / 2), center * (1 - spread / 2)];

    public static IReadOnlyList<StrategyResult> Analyze(params MeasuredStrategy[] measured) =>
        ParallelCmdlets.Measurement.Comparison.Analyze(measured, cores: measured[0].Runs[0].Cores, environment: null);

    public static StrategyResult Row(this IReadOnlyList<StrategyResult> results, Strategy strategy) => results.Single(r => r.Strategy == strategy);
}
