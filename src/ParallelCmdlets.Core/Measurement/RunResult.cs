namespace ParallelCmdlets;

/// <summary>One timed run of all tasks under one strategy: plain data, built once from what was measured.</summary>
public sealed class RunResult
{
    public string RunId { get; init; } = "";
    public string Workload { get; init; } = "";

    /// <summary>The size the workload ran at, in <see cref="SizeUnit"/> (the workload's own unit, see Get-Workload).</summary>
    public long Size { get; init; }
    public string SizeUnit { get; init; } = "";

    /// <summary>Untimed rounds of every strategy run before the timed ones (0 for a single run).</summary>
    public int Warmup { get; init; }

    /// <summary>When the run started, on the wall clock (UTC).</summary>
    public DateTime StartedUtc { get; init; }
    public Strategy Strategy { get; init; }

    /// <summary>Processes only: how arguments and results reached the workers.</summary>
    public TransferMode TransferMode { get; init; }

    /// <summary>A PowerShell tool's run of the block in the fixed form, with a scope of its own (see <see cref="StrategyPlan.Wrapped"/>).</summary>
    public bool Wrapped { get; init; }
    public int Workers { get; init; }
    public int ThreadsPerWorker { get; init; }
    public int Tasks { get; init; }

    /// <summary>Which timed round of an interleaved comparison this run belongs to (1-based; 0 for a single run).</summary>
    public int Round { get; init; }

    /// <summary>Run start to the end of the last task, in seconds.</summary>
    public double Elapsed { get; init; }

    /// <summary>Seconds the pool took to start and handshake before any run (0 when nothing started).</summary>
    public double StartupSeconds { get; init; }

    /// <summary>
    /// CPU seconds of the run's work: the threads that ran or dispatched tasks in this process, the thread pool
    /// they used, and every worker process. The host's other threads are not counted.
    /// </summary>
    public double CpuSeconds { get; init; }

    /// <summary>Seconds the garbage collector paused the processes that ran the tasks (summed over worker processes).</summary>
    public double GcPauseSeconds { get; init; }

    /// <summary>Collections by generation in this (the parent) process during the run, and the seconds they paused it.</summary>
    public Measurement.GcCounts ParentCollections { get; init; }
    public double ParentGcPauseSeconds { get; init; }

    /// <summary>Collections by generation in the worker processes during the run, summed (none for in-process strategies).</summary>
    public Measurement.GcCounts WorkerCollections { get; init; }

    /// <summary>Collections of the processes that ran the tasks: the workers', or this process's for in-process strategies.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Measurement.GcCounts Collections => Strategy.RunsInWorkerProcesses() ? WorkerCollections : ParentCollections;

    /// <summary>
    /// Seconds the .NET runtime spent compiling code during the run, in this process and the worker processes (on
    /// any thread, its background tiering included). A warm run compiles next to nothing: more says the run was
    /// still warming up, and its compiling took cores from the tasks.
    /// </summary>
    public double JitSeconds { get; init; }

    /// <summary>
    /// <see cref="JitSeconds"/> as a share of the cores' time over the run, 0 to 1. Compile times are wall-clock,
    /// so a compiler thread waiting for a core counts too: a busy run reads high, never low.
    /// </summary>
    public double CompileShare => Elapsed > 0 && Cores > 0 ? Math.Clamp(JitSeconds / (Elapsed * Cores), 0, 1) : 0;

    /// <summary>Share of the task threads' time stopped by garbage collection during the run, 0 to 1.</summary>
    public double GcPauseShare { get; init; }

    /// <summary>Share of all cores that other processes on the machine used during the run, 0 to 1; null where unknown.</summary>
    public double? OtherLoad { get; init; }

    /// <summary>The garbage collector the tasks ran under, for example "workstation, non-concurrent".</summary>
    public string GcMode { get; init; } = "";

    public int Cores { get; init; } = Environment.ProcessorCount;

    /// <summary>Share of all cores kept busy by the run's work, 0 to 1.</summary>
    public double CpuUtilization => Elapsed > 0 && Cores > 0 ? Math.Clamp(CpuSeconds / (Elapsed * Cores), 0, 1) : 0;

    /// <summary>Cores a task kept busy while it ran, on average: near 1 for a plain loop, near 0 for waiting, above 1 for a task that is itself parallel.</summary>
    public double CoresPerTask
    {
        get
        {
            // PowerShell's tools spend CPU starting runspaces and processes between tasks: there, each task's
            // own CPU over its own running time, as the task stamped them.
            if (Strategy.IsPowerShellTool() || Strategy.IsRemote())
            {
                var running = Records.Sum(r => r.Compute);
                return running > 0 ? Records.Sum(r => r.CpuSeconds) / running : 0;
            }
            var busy = Records.Sum(r => r.Duration);
            return busy > 0 ? CpuSeconds / busy : 0;
        }
    }

    public int FailedTasks => Records.Count(r => r.Status != TaskState.Completed);

    public IReadOnlyList<TaskRecord> Records { get; init; } = Array.Empty<TaskRecord>();

    public override string ToString() => FormattableString.Invariant($"{Workload} {Strategy} run {RunId}: {Elapsed:0.###} s");
}
