namespace ParallelCmdlets.Workloads;

/// <summary>The article's basic_python_loop(n), compiled: nothing stops threads running it in parallel.</summary>
public sealed class LoopWorkload(WorkloadSpec spec) : Workload(spec)
{
    public static readonly WorkloadInfo Info = new()
    {
        Name = "Loop",
        Description = "n iterations of d[i % 10] = i into a 10-entry Dictionary, compiled C#: no interpreter lock.",
        DefaultSize = 100_000_000,
        SizeUnit = "iterations",
        Bound = WorkloadBound.Cpu,
        SeedExperiment = 1,
    };

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
            d[(int)(i % 10)] = i;
            // Checking the token every 2^20 iterations keeps Ctrl+C prompt at no measurable cost.
            if ((i & 0xFFFFF) == 0) cancellation.ThrowIfCancellationRequested();
        }
        return d;
    }
}
