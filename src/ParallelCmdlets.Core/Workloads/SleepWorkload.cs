namespace ParallelCmdlets.Workloads;

/// <summary>The I/O-bound case: a task that waits and computes nothing, so any strategy overlaps it freely.</summary>
public sealed class SleepWorkload(WorkloadSpec spec) : Workload(spec)
{
    public static readonly WorkloadInfo Info = new()
    {
        Name = "Sleep",
        Description = "Waits Size milliseconds without using the CPU: the I/O-bound case, which scales past the core count.",
        DefaultSize = 500,
        SizeUnit = "milliseconds",
        Bound = WorkloadBound.Io,
        SeedExperiment = null,
    };

    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
    {
        if (cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Spec.Size)))
            cancellation.ThrowIfCancellationRequested();
        return null;
    }
}
