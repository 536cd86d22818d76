using System.Diagnostics;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Bench;

/// <summary>
/// Row 8: what a task pays for its CPU figure. In this process a task longer than the meter's sample interval
/// gets one read of the thread's CPU clock (TaskCpuMeter.Finished); shorter tasks share one read. Beside it,
/// the monotonic timestamp every task already takes.
/// </summary>
internal static class ClockBench
{
    /// <summary>
    /// The shortest task a reading is taken for: the meter's sample interval. The goal is stated against it, not
    /// as an absolute time, since the system call's cost is this VM's (0.8 µs one day, 1.5 µs another).
    /// </summary>
    private static readonly double ShortestTaskSeconds = TaskCpuMeter.MinimumSampleSeconds;

    /// <summary>What the reading may add to the shortest task it is taken for.</summary>
    private const double GoalShare = 0.05;

    private const int Tasks = 200_000;

    // Where the readings go, so no loop can be thought pointless.
    private static double sink;

    public static Row CpuReading(BenchContext context, List<string> notes)
    {
        var (module, baseline) = Sampling.CompareSamples(() => MeteredLongTasks(Tasks), () => Timestamps(Tasks), warmups: 2, iterations: 9);
        var amortised = Sampling.Median(Enumerable.Range(0, 5).Select(_ => MeteredEmptyTasks(Tasks)));
        var clock = CpuClock.HasThreadClock
            ? "clock_gettime(CLOCK_THREAD_CPUTIME_ID)"
            : "no per-thread clock here, so CpuClock.ThreadSeconds() returns 0 without reading anything";
        notes.Add($"Row 8: {Tasks:N0} tasks per sample through TaskCpuMeter, each {TaskCpuMeter.MinimumSampleSeconds * 1e6:0} µs or longer on its clock, so each takes one read of {clock}; " +
                  $"module {module}, baseline {baseline}. Empty tasks share reads (one per {TaskCpuMeter.MinimumSampleSeconds * 1e6:0} µs of tasks): {Format.Time(amortised)} per task. " +
                  "A worker process reads twice per task, around Execute, so its CPU figure leaves out moving data; that is inside row 2's round trip.");
        var share = PairedRatio.To(module.Values, ShortestTaskSeconds);
        return Row.Share($"8. What the CPU reading adds to the shortest task it is taken for: one per-thread CPU clock read through TaskCpuMeter (Stopwatch.GetTimestamp {Format.Time(baseline.Median)} beside it) vs a task of {Format.Time(ShortestTaskSeconds)}",
            Format.Time(module.Median), Format.Time(ShortestTaskSeconds), share, GoalShare);
    }

    /// <summary>A clock that moves on by the meter's sample interval each read: every task is long enough for its own CPU read.</summary>
    private sealed class SteppingClock : IClock
    {
        private long now;
        public long GetTimestamp() => now += (long)(TaskCpuMeter.MinimumSampleSeconds * Frequency) + 1;
        public double Frequency => Stopwatch.Frequency;
    }

    /// <summary>Seconds per task of the meter's work when every task gets its own read.</summary>
    private static double MeteredLongTasks(int tasks) => Metered(tasks, new SteppingClock());

    /// <summary>Seconds per task of the meter's work for empty tasks on the real clock: reads shared.</summary>
    private static double MeteredEmptyTasks(int tasks) => Metered(tasks, ParallelCmdlets.Measurement.MonotonicClock.Instance);

    private static double Metered(int tasks, IClock clock)
    {
        var total = 0.0;
        var meter = new TaskCpuMeter(clock, (task, cpu) => new TaskRecord { TaskId = task.TaskId, CpuSeconds = cpu }, record => total += record.CpuSeconds);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < tasks; i++)
        {
            var end = clock.GetTimestamp();
            meter.Finished(end, 0, new TaskCpuMeter.FinishedTask(i, end, end, TaskState.Completed, null, null));
        }
        meter.Flush();
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        sink += total;
        return seconds / tasks;
    }

    /// <summary>Seconds per monotonic timestamp, which every task already takes at its end.</summary>
    private static double Timestamps(int tasks)
    {
        var total = 0L;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < tasks; i++) total += Stopwatch.GetTimestamp();
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        sink += total;
        return seconds / tasks;
    }
}
