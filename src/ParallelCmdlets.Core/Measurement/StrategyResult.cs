namespace ParallelCmdlets;

/// <summary>
/// One strategy measured over several repeats: the median run's numbers and their spread. Comparison fields
/// (Speedup, TaskInflation, Fastest, Verdict) are filled by Compare-Strategy against the Sequential run.
/// </summary>
public sealed class StrategyResult
{
    private readonly IReadOnlyList<TaskRecord> taskRecords;

    public StrategyResult(IReadOnlyList<TaskRecord> medianRunRecords) => taskRecords = medianRunRecords;

    public string Workload { get; init; } = "";
    public Strategy Strategy { get; init; }
    public int Workers { get; init; }
    public int ThreadsPerWorker { get; init; }
    public int Tasks { get; init; }
    public int Repeat { get; init; }

    /// <summary>Median elapsed seconds over the repeats.</summary>
    public double Elapsed { get; init; }
    public double ElapsedMin { get; init; }
    public double ElapsedMax { get; init; }
    public double ElapsedStdDev { get; init; }

    /// <summary>Mean task duration of the median run, seconds.</summary>
    public double TaskMean { get; init; }
    public double TaskMax { get; init; }

    /// <summary>Seconds the median run's tasks spent moving data between processes.</summary>
    public double TransferSeconds { get; init; }
    public long BytesMoved { get; init; }
    public double StartupSeconds { get; init; }

    /// <summary>Share of all cores busy during the median run, 0 to 1.</summary>
    public double CpuUtilization { get; init; }

    /// <summary>Seconds of garbage-collection pauses in the processes that ran the tasks (median run).</summary>
    public double GcPauseSeconds { get; init; }

    /// <summary>Share of the task threads' time stopped by garbage collection (median run), 0 to 1.</summary>
    public double GcPauseShare { get; init; }

    public int FailedTasks { get; init; }

    /// <summary>Sequential's median Elapsed divided by this one's; null when Sequential was not measured.</summary>
    public double? Speedup { get; set; }

    /// <summary>This TaskMean divided by Sequential's: how much slower each task ran than alone.</summary>
    public double? TaskInflation { get; set; }

    public bool Fastest { get; set; }

    /// <summary>One short sentence on why, derived from the numbers.</summary>
    public string Verdict { get; set; } = "";

    /// <summary>Id of the median run, whose tasks <see cref="GetTaskRecords"/> returns.</summary>
    public string RunId { get; init; } = "";

    /// <summary>The task records of the median run (a method, so Export-Csv keeps scalar columns only).</summary>
    public IReadOnlyList<TaskRecord> GetTaskRecords() => taskRecords;

    public override string ToString() => $"{Workload} {Strategy}: {Elapsed:0.###} s";
}
