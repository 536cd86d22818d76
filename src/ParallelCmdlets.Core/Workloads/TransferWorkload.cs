namespace ParallelCmdlets.Workloads;

/// <summary>
/// The article's transfer_data(x): a large array goes in and twice it comes out. Threads share the array;
/// processes must copy it in and the result back, which is what this experiment shows.
/// </summary>
public sealed class TransferWorkload(WorkloadSpec spec) : Workload(spec), INumericPayloadWorkload
{
    public const int Columns = 1_000;

    public static readonly WorkloadInfo Info = new()
    {
        Name = "Transfer",
        Description = "Passes a rows x 1,000 double array (80 MB by default) to each task and returns it doubled.",
        DefaultSize = 10_000,
        SizeUnit = "rows of 1,000 doubles",
        Bound = WorkloadBound.Memory,
        SeedExperiment = 4,
        NumericPayload = true,
        MaxSize = Array.MaxLength / Columns,
        // The shared argument and one result per running task; processes also hold a received copy and a result each.
        PeakBytes = run => (run.SeparateProcesses ? 2 + 3 * run.Parallel : 1 + run.Parallel) * PayloadBytes(run.Size),
    };

    private double[]? shared;

    /// <summary>Bytes of one argument (and of one result) for a given size.</summary>
    public static long PayloadBytes(long rows) => rows * Columns * sizeof(double);

    public override void PrepareShared()
    {
        var random = new Random(42);
        shared = new double[checked((int)(Spec.Size * Columns))];
        for (var i = 0; i < shared.Length; i++) shared[i] = random.NextDouble();
    }

    /// <summary>One doubled array, with room for the payload's own header.</summary>
    public override long MaxResultBytes => PayloadBytes(Spec.Size) + 64;

    public override object? CreateInput(int taskId) =>
        shared ?? throw new InvalidOperationException("PrepareShared must run before inputs are made.");

    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
    {
        var x = input as double[] ?? throw new ArgumentException("Transfer expects a double[] argument.");
        // Every element is written below, so skip zeroing 80 MB per task.
        var result = GC.AllocateUninitializedArray<double>(x.Length);
        Execute(taskId, x, result, cancellation);
        return result;
    }

    public long MaxInputDoubles => Spec.Size * Columns;
    public long MaxOutputDoubles => Spec.Size * Columns;

    /// <summary>The same doubling from span to span: in place in shared memory, with no managed array.</summary>
    public int Execute(int taskId, ReadOnlySpan<double> input, Span<double> output, CancellationToken cancellation)
    {
        if (output.Length < input.Length) throw new ArgumentException($"Transfer needs room for {input.Length:N0} doubles of result; there is room for {output.Length:N0}.");
        // In chunks, so a stop is seen within a few milliseconds even for a very large array.
        const int chunk = 1 << 20;
        for (var start = 0; start < input.Length; start += chunk)
        {
            cancellation.ThrowIfCancellationRequested();
            var end = Math.Min(input.Length, start + chunk);
            for (var i = start; i < end; i++) output[i] = input[i] * 2;
        }
        return input.Length;
    }
}
