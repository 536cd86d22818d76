using ParallelCmdlets.Executors;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// What was asked of one run, and which run it is: the workload at its size, the strategy as planned, the warm-ups
/// before it, its id and when it started. Executors report only what happened (times, workers, bytes, failures,
/// status); the experiment attaches this, here and nowhere else, to every task record as it finishes
/// (<see cref="Stamping"/>) and to the run (<see cref="RunAccounting.Account"/>), so no strategy can leave it out.
/// </summary>
public sealed record RunIdentity
{
    public string Workload { get; init; } = "";

    /// <summary>The size the workload runs at, in <see cref="SizeUnit"/> (the workload's own unit).</summary>
    public long Size { get; init; }
    public string SizeUnit { get; init; } = "";
    public Strategy Strategy { get; init; }
    public int Workers { get; init; }
    public int ThreadsPerWorker { get; init; }
    public TransferMode TransferMode { get; init; }

    /// <summary>A PowerShell tool's run of the block in the fixed form (see <see cref="StrategyPlan.Wrapped"/>).</summary>
    public bool Wrapped { get; init; }
    public int Tasks { get; init; }

    /// <summary>Untimed rounds of every strategy run before the timed ones (0 for a single run).</summary>
    public int Warmup { get; init; }

    /// <summary>Which timed round of an interleaved comparison this run is (1-based; 0 for a warm-up or a single run).</summary>
    public int Round { get; init; }
    public string RunId { get; init; } = "";

    /// <summary>When the run started, on the wall clock (UTC): taken as the run is handed to its executor.</summary>
    public DateTime StartedUtc { get; init; }

    /// <summary>The identity of a run of <paramref name="plan"/> starting now, under a new run id.</summary>
    public static RunIdentity Begin(WorkloadInfo workload, WorkloadSpec spec, StrategyPlan plan, int warmup, int round) => new()
    {
        Workload = workload.Name,
        Size = spec.Size,
        SizeUnit = workload.SizeUnit,
        Strategy = plan.Strategy,
        Workers = plan.Workers,
        ThreadsPerWorker = plan.ThreadsPerWorker,
        TransferMode = plan.TransferMode,
        Wrapped = plan.Wrapped,
        Tasks = spec.Tasks,
        Warmup = warmup,
        Round = round,
        RunId = NewRunId(),
        StartedUtc = DateTime.UtcNow,
    };

    /// <summary>Twelve hex digits: short enough to read in a table, unique enough within any set of results.</summary>
    public static string NewRunId() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>A task's record as the executor made it, with what was asked of its run.</summary>
    public TaskRecord Stamp(TaskRecord record) => record with
    {
        RunId = RunId,
        Workload = Workload,
        Size = Size,
        SizeUnit = SizeUnit,
        Warmup = Warmup,
        RunStartedUtc = StartedUtc,
        Strategy = Strategy,
        Workers = Workers,
        ThreadsPerWorker = ThreadsPerWorker,
        TransferMode = TransferMode,
    };

    /// <summary>Hands each finished task on to <paramref name="sink"/> stamped, so a record written while the run goes on says what it was.</summary>
    public ITaskSink Stamping(ITaskSink sink) => new StampingSink(this, sink);

    private sealed class StampingSink(RunIdentity identity, ITaskSink inner) : ITaskSink
    {
        public void TaskFinished(TaskRecord record) => inner.TaskFinished(identity.Stamp(record));
    }
}
