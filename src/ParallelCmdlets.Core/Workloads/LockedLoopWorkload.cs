namespace ParallelCmdlets.Workloads;

/// <summary>
/// The same loop, but every iteration takes one process-wide lock, as CPython's interpreter lock does:
/// threads of one process serialise on it, separate processes each have their own.
/// </summary>
public sealed class LockedLoopWorkload(WorkloadSpec spec) : Workload(spec)
{
    public static readonly WorkloadInfo Info = new()
    {
        Name = "LockedLoop",
        Description = "The Loop with one process-wide lock taken per iteration, like Python's GIL: threads serialise, processes do not.",
        DefaultSize = 30_000_000,
        SizeUnit = "iterations",
        Bound = WorkloadBound.Lock,
        SeedExperiment = null,
    };

    private static readonly object InterpreterLock = new();

    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
    {
        Fill(Spec.Size, cancellation);
        return null;
    }

    internal static Dictionary<int, long> Fill(long iterations, CancellationToken cancellation = default)
    {
        var d = new Dictionary<int, long>(10);
        for (long i = 0; i < iterations; i++)
        {
            lock (InterpreterLock)
            {
                d[(int)(i % 10)] = i;
            }
            if ((i & 0xFFFFF) == 0) cancellation.ThrowIfCancellationRequested();
        }
        return d;
    }
}
