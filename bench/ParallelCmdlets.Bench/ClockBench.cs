using System.Diagnostics;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Bench;

/// <summary>
/// Row 8: what every task pays for its CPU figure, the two per-thread CPU clock reads around Execute
/// (InProcessRunner in this process, WorkerHost in a worker), beside two monotonic timestamps.
/// </summary>
internal static class ClockBench
{
    /// <summary>The absolute goal for the reads of one task.</summary>
    private const double GoalSeconds = 1e-6;

    private const int Pairs = 200_000;

    // Where the readings go, so no loop can be thought pointless.
    private static double sink;

    public static Row CpuReading(BenchContext context, List<string> notes)
    {
        var (module, baseline) = Sampling.CompareSamples(() => ThreadClockPairs(Pairs), () => TimestampPairs(Pairs), warmups: 2, iterations: 9);
        var clock = CpuClock.HasThreadClock
            ? "clock_gettime(CLOCK_THREAD_CPUTIME_ID)"
            : "no per-thread clock here, so CpuClock.ThreadSeconds() returns 0 without reading anything";
        notes.Add($"Row 8: {Pairs:N0} pairs of CpuClock.ThreadSeconds() ({clock}) per sample, as a task's record takes them; " +
                  $"module {module}, baseline {baseline}.");
        if (context.ThreadsPerTaskOneWorker is { } perTask)
            notes.Add($"Row 1's per-task time already includes these two reads (InProcessRunner takes them around every Execute; " +
                      $"a worker takes them inside the task's Compute, so row 2 holds them too): {Format.Time(module.Median)} of {Format.Time(perTask)}, " +
                      $"{module.Median / perTask:P0}.");
        return Row.Absolute("8. CPU reading per task: two per-thread CPU clock reads (CpuClock.ThreadSeconds) vs two Stopwatch.GetTimestamp",
            module.Median, baseline.Median, GoalSeconds);
    }

    /// <summary>Seconds per pair of per-thread CPU clock reads.</summary>
    private static double ThreadClockPairs(int pairs)
    {
        var total = 0.0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < pairs; i++)
        {
            var before = CpuClock.ThreadSeconds();
            total += CpuClock.ThreadSeconds() - before;
        }
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        sink += total;
        return seconds / pairs;
    }

    /// <summary>Seconds per pair of monotonic timestamps, the reads a task's start and end already cost.</summary>
    private static double TimestampPairs(int pairs)
    {
        var total = 0L;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < pairs; i++)
        {
            var before = Stopwatch.GetTimestamp();
            total += Stopwatch.GetTimestamp() - before;
        }
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        sink += total;
        return seconds / pairs;
    }
}
