namespace ParallelCmdlets;

/// <summary>
/// One task of one run: where it ran and when. Times are seconds since the run started, on the
/// machine's monotonic clock, so stamps taken inside worker processes line up with the parent's.
/// </summary>
public sealed record TaskRecord
{
    public string RunId { get; init; } = "";
    public string Workload { get; init; } = "";

    /// <summary>The size the workload ran at, in <see cref="SizeUnit"/> (the workload's own unit, see Get-Workload).</summary>
    public long Size { get; init; }
    public string SizeUnit { get; init; } = "";

    /// <summary>Untimed rounds run before this task's run (0 for Invoke-Workload's single run).</summary>
    public int Warmup { get; init; }

    /// <summary>
    /// When this task's run started, on the wall clock (UTC), stamped as the run was handed to its executor; Start
    /// and End count from the executor's own start of the run, a moment later on the monotonic clock.
    /// </summary>
    public DateTime RunStartedUtc { get; init; }
    public Strategy Strategy { get; init; }
    public int Workers { get; init; }
    public int ThreadsPerWorker { get; init; }
    public int TaskId { get; init; }
    public int WorkerId { get; init; }
    public int ProcessId { get; init; }
    public int ThreadId { get; init; }

    /// <summary>The host the task ran on, as the caller named it: empty on this machine.</summary>
    public string HostName { get; init; } = "";

    /// <summary>
    /// How far off this task's own stamps may be, in seconds: on another host, half the best round trip of the
    /// clock mapping (Cristian's method); 0 on this machine, whose processes share one monotonic clock.
    /// </summary>
    public double ClockUncertainty { get; init; }

    /// <summary>
    /// When the task was handed over: 0 for the module's own strategies, whose queue holds every task from the
    /// start; for PowerShell's tools, when the task was given to the tool (Start-Job called, say).
    /// </summary>
    public double Submitted { get; init; }

    /// <summary>When the task left the queue (for processes: when its argument started to be sent; for PowerShell's tools: when its own code began, stamped by the task).</summary>
    public double Start { get; init; }

    /// <summary>When its result was back in the caller's hands.</summary>
    public double End { get; init; }

    public double Duration => End - Start;

    /// <summary>
    /// Time from being handed over until the task started, Start − Submitted, for every strategy. The module's own
    /// strategies hold every task in their queue from the run's start (Submitted 0), so it is how long the task
    /// waited for a free worker; for PowerShell's tools it is the tool's own queue and start-up, a runspace made or
    /// a pwsh process started. Computed, as Duration is, so it cannot mean anything else.
    /// </summary>
    public double QueueWait => Math.Max(0, Start - Submitted);

    /// <summary>Seconds spent serialising, moving and deserialising the argument (0 in-process).</summary>
    public double TransferIn { get; init; }

    /// <summary>Seconds spent serialising, moving and deserialising the result (0 in-process; for PowerShell's tools: from the task's own end until the caller held its output).</summary>
    public double TransferOut { get; init; }

    /// <summary>CPU seconds the thread that ran the task used while running it (per-thread clock; 0 where none exists).</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Time spent running the task itself, without moving data.</summary>
    public double Compute => Math.Max(0, Duration - TransferIn - TransferOut);

    /// <summary>
    /// Payload bytes of the argument and the result that crossed the worker's socket (0 in-process). Under
    /// <see cref="ParallelCmdlets.TransferMode.SharedMemory"/> the data stays in shared memory, so these are 0.
    /// </summary>
    public long BytesIn { get; init; }
    public long BytesOut { get; init; }

    /// <summary>
    /// How the argument and result reached the worker process: Copy (through its socket) or SharedMemory (left in a
    /// map both processes share; TransferIn then includes copying the argument into the map). Always Copy for
    /// the strategies that run in this process, which move nothing.
    /// </summary>
    public TransferMode TransferMode { get; init; }
    public TaskState Status { get; init; }
    public string? Error { get; init; }

    /// <summary>The task's own output, kept only when the caller asked for it.</summary>
    internal object? Output { get; init; }

    public override string ToString() =>
        $"Task {TaskId} on worker {WorkerId}: {Status}, {Duration * 1000:0.0} ms";
}
