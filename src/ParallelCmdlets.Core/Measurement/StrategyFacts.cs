namespace ParallelCmdlets.Measurement;

/// <summary>
/// Everything the verdict and warning rules read about one strategy, computed once from its runs (and the
/// baseline's) before any rule runs, so each rule is a plain test of numbers.
/// </summary>
public sealed record StrategyFacts
{
    public Strategy Strategy { get; init; }
    public int Workers { get; init; } = 1;
    public int ThreadsPerWorker { get; init; } = 1;
    public int Tasks { get; init; }
    public int Repeat { get; init; }
    public int Cores { get; init; } = 1;

    /// <summary>Tasks that can run at once: threads in the pool, never more than there are tasks.</summary>
    public int Parallel => Strategy.IsBaseline() ? 1 : Math.Max(1, Math.Min(Workers * ThreadsPerWorker, Tasks));

    public double Elapsed { get; init; }
    public double ElapsedCV { get; init; }
    public IReadOnlyList<double> Outliers { get; init; } = [];
    public double TaskMean { get; init; }

    /// <summary>Mean seconds a task spent in its own code, without moving data (the median run's).</summary>
    public double ComputeMean { get; init; }

    /// <summary>Mean CPU seconds a task used on its own thread (the median run's).</summary>
    public double CpuPerTask { get; init; }

    /// <summary>Mean seconds from a task's own end until the caller held its result: Start-Job's serialisation.</summary>
    public double ReturnMean { get; init; }

    /// <summary>
    /// Wall seconds per task beyond the tasks' own work spread over the workers: (Elapsed − ΣCompute / Parallel) / Tasks.
    /// What a PowerShell tool costs per task in starting runspaces or processes and handing results back.
    /// </summary>
    public double OverheadPerTask => Tasks == 0 ? 0 : Math.Max(0, Elapsed - ComputeMean * Tasks / Parallel) / Tasks;

    /// <summary>Mean seconds from a task's hand-over until its own code began: for Remote, the request's round trip there.</summary>
    public double SendMean { get; init; }

    /// <summary>Share of the tasks' time spent moving data between processes.</summary>
    public double TransferShare { get; init; }

    /// <summary>Payload bytes that crossed the workers' sockets (CLIXML for Remote) in the median run, both ways.</summary>
    public long BytesMoved { get; init; }

    /// <summary>Mean payload bytes per task that crossed a socket.</summary>
    public double BytesPerTask => Tasks == 0 ? 0 : (double)BytesMoved / Tasks;

    /// <summary>How the Processes strategy moved arguments and results.</summary>
    public TransferMode TransferMode { get; init; }

    /// <summary>Whether the workload's argument and result are arrays of doubles, which -TransferMode SharedMemory can carry.</summary>
    public bool NumericPayload { get; init; }

    /// <summary>This is a tool's fixed form: the block ran with a scope of its own (see <see cref="StrategyPlan.Wrapped"/>).</summary>
    public bool Wrapped { get; init; }

    /// <summary>
    /// On a tool's row as written, when its fixed form was measured beside it: that row's speedup and interval,
    /// so the verdict quotes both figures. Null otherwise.
    /// </summary>
    public double? WrappedSpeedup { get; init; }
    public double? WrappedSpeedupLow { get; init; }
    public double? WrappedSpeedupHigh { get; init; }

    /// <summary>Whether -Size sets how much work a task does; the user's own code takes its work from its own parameters.</summary>
    public bool SizeSetsWork { get; init; } = true;
    public double CpuUtilization { get; init; }
    public double CoresPerTask { get; init; }
    public double GcPauseShare { get; init; }
    public double? OtherLoad { get; init; }
    public string GcMode { get; init; } = "";
    public int FailedTasks { get; init; }
    public int FailedTasksInMedianRun { get; init; }

    /// <summary>Tasks of the Sequential baseline that did not complete, over its runs: then no speedup is given.</summary>
    public int BaselineFailedTasks { get; init; }

    /// <summary>Every task of a timed run failed, so the other repeats were not run.</summary>
    public bool StoppedAfterFailure { get; init; }

    public double? Speedup { get; init; }
    public double? SpeedupLow { get; init; }
    public double? SpeedupHigh { get; init; }
    public double? TaskInflation { get; init; }

    /// <summary>How many strategies were measured side by side.</summary>
    public int StrategiesCompared { get; init; } = 1;
    /// <summary>The strategies this one ties with, named so that plans of one strategy (a sweep) are told apart.</summary>
    public IReadOnlyList<string> TiedWith { get; init; } = [];

    /// <summary>
    /// The most speedup these workers can give: one per task that can run at once, and no more than the cores
    /// for tasks that compute. Tasks that mostly wait (the baseline kept under half a core busy) are bound by
    /// the workers alone.
    /// </summary>
    public double SpeedupBound(StrategyFacts? baseline) =>
        baseline is not null && baseline.CoresPerTask < Thresholds.WaitingBaselineCoresPerTask ? Parallel : Math.Min(Parallel, Cores);

    /// <summary>How much oversubscription alone should stretch each task: workers sharing fewer cores time-slice.</summary>
    public double ExpectedStretch(StrategyFacts? baseline)
    {
        var coresPerTask = baseline?.CoresPerTask ?? 1;
        if (coresPerTask < Thresholds.WaitingBaselineCoresPerTask) return 1;
        return Math.Max(1, Parallel * Math.Max(1, coresPerTask) / Math.Max(1, Cores));
    }
}
