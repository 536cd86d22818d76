using MathNet.Numerics.Statistics;

namespace ParallelCmdlets.Measurement;

/// <summary>Turns repeated runs of one strategy into a <see cref="StrategyResult"/>.</summary>
public static class StrategyStatistics
{
    public static StrategyResult Summarize(IReadOnlyList<RunResult> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("At least one run is needed.", nameof(runs));
        var elapsed = runs.Select(r => r.Elapsed).ToArray();
        var median = elapsed.Median();
        // The run nearest the median stands for the strategy: its tasks are the ones a timeline shows.
        var typical = runs.OrderBy(r => Math.Abs(r.Elapsed - median)).First();
        var durations = typical.Records.Select(r => r.Duration).ToArray();
        return new StrategyResult(typical.Records)
        {
            Workload = typical.Workload,
            Strategy = typical.Strategy,
            Workers = typical.Workers,
            ThreadsPerWorker = typical.ThreadsPerWorker,
            Tasks = typical.Tasks,
            Repeat = runs.Count,
            Elapsed = median,
            ElapsedMin = elapsed.Minimum(),
            ElapsedMax = elapsed.Maximum(),
            ElapsedStdDev = runs.Count > 1 ? elapsed.StandardDeviation() : 0,
            TaskMean = durations.Length > 0 ? durations.Mean() : 0,
            TaskMax = durations.Length > 0 ? durations.Maximum() : 0,
            TransferSeconds = typical.Records.Sum(r => r.TransferIn + r.TransferOut),
            BytesMoved = typical.Records.Sum(r => r.BytesIn + r.BytesOut),
            StartupSeconds = typical.StartupSeconds,
            CpuUtilization = typical.CpuUtilization,
            GcPauseSeconds = typical.GcPauseSeconds,
            GcPauseShare = typical.GcPauseShare,
            FailedTasks = typical.Records.Count(r => r.Status != TaskState.Completed),
            RunId = typical.RunId,
        };
    }
}
