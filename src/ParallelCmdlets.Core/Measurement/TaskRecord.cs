namespace ParallelCmdlets;

/// <summary>
/// One task of one run: where it ran and when. Times are seconds since the run started, on the
/// machine's monotonic clock, so stamps taken inside worker processes line up with the parent's.
/// </summary>
public sealed record TaskRecord
{
    public string RunId { get; init; } = "";
    public string Workload { get; init; } = "";
    public Strategy Strategy { get; init; }
    public int Workers { get; init; }
    public int ThreadsPerWorker { get; init; }
    public int TaskId { get; init; }
    public int WorkerId { get; init; }
    public int ProcessId { get; init; }
    public int ThreadId { get; init; }

    /// <summary>When the task left the queue (for processes: when its argument started to be sent).</summary>
    public double Start { get; init; }

    /// <summary>When its result was back in the caller's hands.</summary>
    public double End { get; init; }

    public double Duration => End - Start;

    /// <summary>Time the task waited in the queue before a worker took it.</summary>
    public double QueueWait { get; init; }

    /// <summary>Seconds spent serialising, moving and deserialising the argument (0 in-process).</summary>
    public double TransferIn { get; init; }

    /// <summary>Seconds spent serialising, moving and deserialising the result (0 in-process).</summary>
    public double TransferOut { get; init; }

    /// <summary>CPU seconds the thread that ran the task used while running it (per-thread clock; 0 where none exists).</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Time spent running the task itself, without moving data.</summary>
    public double Compute => Math.Max(0, Duration - TransferIn - TransferOut);

    public long BytesIn { get; init; }
    public long BytesOut { get; init; }
    public TaskState Status { get; init; }
    public string? Error { get; init; }

    /// <summary>The task's own output, kept only when the caller asked for it.</summary>
    internal object? Output { get; init; }

    public override string ToString() =>
        $"Task {TaskId} on worker {WorkerId}: {Status}, {Duration * 1000:0.0} ms";
}
