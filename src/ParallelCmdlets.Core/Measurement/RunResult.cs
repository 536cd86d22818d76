namespace ParallelCmdlets;

/// <summary>One timed run of all tasks under one strategy.</summary>
public sealed class RunResult
{
    public string RunId { get; init; } = "";
    public string Workload { get; init; } = "";
    public Strategy Strategy { get; init; }
    public int Workers { get; init; }
    public int ThreadsPerWorker { get; init; }
    public int Tasks { get; init; }

    /// <summary>Run start to the end of the last task, in seconds.</summary>
    public double Elapsed { get; init; }

    /// <summary>Seconds the pool took to start and handshake before the run (0 when nothing started).</summary>
    public double StartupSeconds { get; init; }

    /// <summary>CPU seconds used by this process and every worker process during the run.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Seconds the garbage collector paused the processes that ran the tasks (summed over worker processes).</summary>
    public double GcPauseSeconds { get; init; }

    /// <summary>Share of the task threads' time stopped by garbage collection during the run, 0 to 1.</summary>
    public double GcPauseShare { get; init; }

    public int Cores { get; init; } = Environment.ProcessorCount;

    /// <summary>Share of all cores kept busy during the run, 0 to 1.</summary>
    public double CpuUtilization => Elapsed > 0 && Cores > 0 ? Math.Clamp(CpuSeconds / (Elapsed * Cores), 0, 1) : 0;

    public IReadOnlyList<TaskRecord> Records { get; init; } = Array.Empty<TaskRecord>();
}
