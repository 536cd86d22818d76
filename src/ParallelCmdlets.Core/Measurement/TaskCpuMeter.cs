namespace ParallelCmdlets.Measurement;

/// <summary>
/// Gives every task run on one thread its CPU time while reading the thread's CPU clock at most once per task.
/// A read is a system call of about half a microsecond, as much as an empty task costs, so tasks shorter than
/// <see cref="MinimumSampleSeconds"/> share one read, split by their wall times, and are handed on together a
/// few microseconds later. Tasks that matter for timing (longer than that) each get an exact reading.
/// </summary>
public sealed class TaskCpuMeter
{
    /// <summary>What a finished task hands the meter: kept by value, so a task costs no allocation until its record is made.</summary>
    public readonly record struct FinishedTask(int TaskId, long Start, long End, TaskState Status, string? Error, object? Output);

    /// <summary>Wall time after which the next finished task triggers a read: keeps reads under 1 % of any run.</summary>
    public const double MinimumSampleSeconds = 50e-6;

    private readonly IClock clock;
    private readonly long minimumTicks;
    private readonly Func<FinishedTask, double, TaskRecord> build;
    private readonly Action<TaskRecord> emit;
    private readonly List<(FinishedTask Task, double Wall)> pending = [];
    private double lastCpu;
    private long lastStamp;

    /// <param name="build">Makes a task's record from what it handed over and its CPU seconds.</param>
    /// <param name="emit">Receives each record once its CPU time is known, in the order the tasks finished.</param>
    public TaskCpuMeter(IClock clock, Func<FinishedTask, double, TaskRecord> build, Action<TaskRecord> emit)
    {
        this.clock = clock;
        this.build = build;
        this.emit = emit;
        minimumTicks = (long)(MinimumSampleSeconds * clock.Frequency);
        lastCpu = CpuClock.ThreadSeconds();
        lastStamp = clock.GetTimestamp();
    }

    /// <summary>A task ended at <paramref name="endStamp"/> after <paramref name="wallSeconds"/>.</summary>
    public void Finished(long endStamp, double wallSeconds, in FinishedTask task)
    {
        pending.Add((task, wallSeconds));
        if (endStamp - lastStamp >= minimumTicks) Flush();
    }

    /// <summary>Reads the clock once and hands on every task still waiting for its CPU time.</summary>
    public void Flush()
    {
        if (pending.Count == 0) return;
        var cpu = CpuClock.ThreadSeconds();
        var used = Math.Max(0, cpu - lastCpu);
        lastCpu = cpu;
        lastStamp = clock.GetTimestamp();
        var wall = pending.Sum(p => p.Wall);
        foreach (var (task, taskWall) in pending)
            emit(build(task, pending.Count == 1 ? used : wall > 0 ? used * taskWall / wall : used / pending.Count));
        pending.Clear();
    }
}
