using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Executors;

/// <summary>
/// Runs the tasks of one prepared workload under one strategy. Start warms the pool (threads made, processes
/// started and handshaken, worker state created) and is never part of a timed run; Run may be called many
/// times on a started executor; Dispose stops everything and leaves no thread or process behind.
/// </summary>
public interface IExecutor : IDisposable
{
    Strategy Strategy { get; }
    int Workers { get; }
    int ThreadsPerWorker { get; }

    /// <summary>Seconds Start took; 0 when nothing had to start.</summary>
    double StartupSeconds { get; }

    void Start(CancellationToken cancellation);

    /// <summary>
    /// The worker processes' counters between runs, each after collecting its garbage when
    /// <paramref name="settle"/> is set; empty for strategies that run in this process.
    /// </summary>
    IReadOnlyList<ProcessUsage> ReadWorkerUsage(bool settle);

    /// <summary>The runtime and garbage collector of the worker processes; empty for in-process strategies.</summary>
    string WorkerRuntime { get; }
    string WorkerGcMode { get; }

    /// <summary>
    /// Brings the pool back to full strength before a run, outside its timing: a worker process ended during the
    /// last run is replaced here, not while that run's other tasks still count.
    /// </summary>
    void PrepareRun(CancellationToken cancellation) { }

    ExecutedRun Run(int tasks, ITaskSink sink, CancellationToken cancellation);
}

/// <summary>What the strategies that run in this process share.</summary>
public abstract class InProcessExecutor : IExecutor
{
    public abstract Strategy Strategy { get; }
    public abstract int Workers { get; }
    public int ThreadsPerWorker => 1;
    public abstract double StartupSeconds { get; }
    public abstract void Start(CancellationToken cancellation);
    public IReadOnlyList<ProcessUsage> ReadWorkerUsage(bool settle) => [];
    public string WorkerRuntime => "";
    public string WorkerGcMode => "";
    public abstract ExecutedRun Run(int tasks, ITaskSink sink, CancellationToken cancellation);
    public abstract void Dispose();
}

/// <summary>
/// Receives each finished task. Called on worker threads: implementations hand records over to the pipeline
/// thread and must not block.
/// </summary>
public interface ITaskSink
{
    void TaskFinished(TaskRecord record);
}

public sealed class NullTaskSink : ITaskSink
{
    public static readonly NullTaskSink Instance = new();
    public void TaskFinished(TaskRecord record) { }
}

/// <summary>
/// What every executor needs besides the strategy itself to run the tasks. What was asked of a run for its records
/// (workload, size, strategy) is not here: executors report what happened, and <see cref="ParallelCmdlets.Measurement.RunIdentity"/> says what was asked.
/// </summary>
public sealed record ExecutorOptions
{
    /// <summary>Keep each task's output on its record; otherwise results are measured and dropped.</summary>
    public bool KeepOutput { get; init; }

    /// <summary>A task running longer than this is cancelled; null for no limit.</summary>
    public double? TimeoutSeconds { get; init; }

    public IClock Clock { get; init; } = MonotonicClock.Instance;

    /// <summary>How worker processes are started; needed by the Processes strategy only.</summary>
    public IWorkerLauncher? Launcher { get; init; }

    /// <summary>The garbage collector worker processes run under; the parent's own is left as it is.</summary>
    public WorkerGcMode WorkerGcMode { get; init; } = WorkerGcMode.Workstation;

    /// <summary>How long a starting worker may take to connect and finish its handshake.</summary>
    public TimeSpan WorkerConnectTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The same for a worker replacing one that died or was ended during a run: the run waits on it.</summary>
    public TimeSpan ReplacementConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The strategies' toolchains that make the executors: the process's catalog, or a copy with a Remote toolchain
    /// configured for the hosts of one command.
    /// </summary>
    public Strategies.StrategyCatalog Toolchains { get; init; } = Strategies.StrategyCatalog.Default;

    /// <summary>Processes only: how arguments and results reach the workers (see <see cref="ParallelCmdlets.TransferMode"/>).</summary>
    public TransferMode TransferMode { get; init; } = TransferMode.Copy;

    /// <summary>ForEachParallel only: a new runspace for every task (-UseNewRunspace) instead of reused ones.</summary>
    public bool UseNewRunspace { get; init; }

    /// <summary>PowerShell's tools: run the block in the fixed form, with a scope of its own (see <see cref="StrategyPlan.Wrapped"/>).</summary>
    public bool Wrapped { get; init; }
}
