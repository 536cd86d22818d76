using System.Diagnostics;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Executors;

/// <summary>
/// The shared bookkeeping of one run: its id and start stamp, the in-order task queue (a counter, since all
/// tasks are known up front), the records slot by task, and the CPU time taken before and after.
/// </summary>
internal sealed class RunState
{
    private int nextTask;
    private readonly TaskRecord?[] records;
    private readonly IClock clock;
    private readonly double parentCpuAtStart;
    private readonly TimeSpan parentGcPauseAtStart;

    public RunState(int tasks, IClock clock)
    {
        this.clock = clock;
        Tasks = tasks;
        records = new TaskRecord?[tasks];
        RunId = Guid.NewGuid().ToString("N")[..12];
        parentCpuAtStart = CurrentProcessCpuSeconds();
        parentGcPauseAtStart = GC.GetTotalPauseDuration();
        StartTimestamp = clock.GetTimestamp();
    }

    public string RunId { get; }
    public int Tasks { get; }
    public long StartTimestamp { get; }
    public IClock Clock => clock;

    /// <summary>The next task id (1-based) in order, or 0 when the queue is empty.</summary>
    public int TakeNext()
    {
        var id = Interlocked.Increment(ref nextTask);
        return id <= Tasks ? id : 0;
    }

    /// <summary>Empties the queue so no worker takes another task.</summary>
    public void Drain() => Interlocked.Exchange(ref nextTask, int.MaxValue / 2);

    public double Since(long timestamp) => (timestamp - StartTimestamp) / clock.Frequency;

    public void Record(TaskRecord record) => records[record.TaskId - 1] = record;

    /// <summary>Records of every task; tasks never taken are reported Cancelled.</summary>
    public IReadOnlyList<TaskRecord> Finish(Func<int, TaskRecord> untaken)
    {
        // A copy: a task abandoned after a stop may still record itself, and must not change a returned result.
        return records.Select((r, i) => r ?? untaken(i + 1)).ToArray();
    }

    public double ParentCpuSeconds => CurrentProcessCpuSeconds() - parentCpuAtStart;

    public static double CurrentProcessCpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <param name="workerGcPause">GC pauses summed over the worker processes; null when tasks ran in this process.</param>
    public RunResult ToResult(string workload, Strategy strategy, int workers, int threadsPerWorker, double startup, double extraCpuSeconds,
        Func<int, TaskRecord> untaken, TimeSpan? workerGcPause = null)
    {
        var all = Finish(untaken);
        var end = all.Count == 0 ? 0 : all.Max(r => r.End);
        // In one process a pause stops every task thread at once; a worker's pause stops only that worker's.
        var gcPause = (workerGcPause ?? GC.GetTotalPauseDuration() - parentGcPauseAtStart).TotalSeconds;
        var gcStoppedWorkers = workerGcPause is null ? 1 : workers;
        return new RunResult
        {
            RunId = RunId,
            Workload = workload,
            Strategy = strategy,
            Workers = workers,
            ThreadsPerWorker = threadsPerWorker,
            Tasks = Tasks,
            Elapsed = end,
            StartupSeconds = startup,
            CpuSeconds = ParentCpuSeconds + extraCpuSeconds,
            GcPauseSeconds = Math.Max(0, gcPause),
            GcPauseShare = end > 0 ? Math.Clamp(gcPause / (end * gcStoppedWorkers), 0, 1) : 0,
            Records = all,
        };
    }
}
