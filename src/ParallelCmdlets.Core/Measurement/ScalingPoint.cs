namespace ParallelCmdlets;

/// <summary>
/// One point of a scaling sweep: a strategy at one worker count and size, measured by a controlled comparison
/// against the Sequential baseline at the same size. Times are seconds.
/// </summary>
public sealed class ScalingPoint
{
    public string Workload { get; init; } = "";
    public Strategy Strategy { get; init; }
    public int Workers { get; init; }
    public int ThreadsPerWorker { get; init; } = 1;

    /// <summary>Tasks that could run at once: Workers × ThreadsPerWorker.</summary>
    public int Parallelism => Workers * ThreadsPerWorker;

    /// <summary>The collector the tasks ran under, as reported ("server, non-concurrent"): the worker processes' for Processes, this process's otherwise.</summary>
    public string GcMode { get; init; } = "";
    public long Size { get; init; }
    public int Tasks { get; init; }

    /// <summary>The lower median run, with the 95 % interval of the median.</summary>
    public double Elapsed { get; init; }
    public double? ElapsedLow { get; init; }
    public double? ElapsedHigh { get; init; }

    /// <summary>Sequential's Elapsed at the same size over this one's, with its 95 % interval.</summary>
    public double? Speedup { get; init; }
    public double? SpeedupLow { get; init; }
    public double? SpeedupHigh { get; init; }

    /// <summary>Speedup over the most the workers, tasks and cores allow, min(workers × threads, tasks, cores): 1 is perfect scaling.</summary>
    public double? Efficiency { get; init; }

    public string Verdict { get; init; } = "";
    public string Warnings { get; init; } = "";

    /// <summary>The comparison this point was read from.</summary>
    public StrategyResult? Result { get; init; }

    public override string ToString() =>
        FormattableString.Invariant($"{Workload} {Strategy} ×{Workers} size {Size}: {Elapsed:0.###} s, {Speedup ?? double.NaN:0.00}×");
}
