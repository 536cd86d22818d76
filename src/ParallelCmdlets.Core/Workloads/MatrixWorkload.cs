using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace ParallelCmdlets.Workloads;

/// <summary>
/// The article's numpy_cpu_heavy_function: one call that already uses every core, as NumPy's BLAS does.
/// MathNet's managed Inverse() runs on one core, but its dense product is parallel, so a task is the
/// product of two n x n standard-normal matrices. Running several at once then gains little.
/// </summary>
public sealed class MatrixWorkload(WorkloadSpec spec) : Workload(spec)
{
    public static readonly WorkloadInfo Info = new()
    {
        Name = "Matrix",
        Description = "Multiplies two n x n standard-normal matrices with MathNet: one call already uses every core.",
        DefaultSize = 1_000,
        SizeUnit = "n (matrix side)",
        Bound = WorkloadBound.MultiCore,
        SeedExperiment = 3,
        // Two operands in every process that makes them, and one product per running task.
        PeakBytes = run => (run.SeparateProcesses ? 1 + run.Workers : 1) * 2 * (run.Size * run.Size * sizeof(double)) + run.Parallel * run.Size * run.Size * sizeof(double),
    };

    private Matrix<double>? left;
    private Matrix<double>? right;

    public override void PrepareLocal()
    {
        var n = checked((int)Spec.Size);
        left = Matrix<double>.Build.Random(n, n, new Normal(0, 1, new Random(1)));
        right = Matrix<double>.Build.Random(n, n, new Normal(0, 1, new Random(2)));
    }

    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
    {
        if (left is null || right is null) throw new InvalidOperationException("PrepareLocal must run before tasks.");
        Multiply(left, right, cancellation);
        return null;
    }

    /// <summary>
    /// At most this many row bands per product, each at least <see cref="MinimumBandRows"/> rows: a band must
    /// stay big enough for MathNet to spread it over every core (22-row bands ran on one), and small enough that
    /// a stop is seen within a fraction of a second.
    /// </summary>
    internal const int Bands = 8;
    internal const int MinimumBandRows = 96;

    /// <summary>
    /// The product band by band, checking the token between bands: a single a * b cannot be stopped, and a
    /// thread that cannot be killed would keep every core busy for seconds after Ctrl+C.
    /// </summary>
    internal static Matrix<double> Multiply(Matrix<double> a, Matrix<double> b, CancellationToken cancellation = default)
    {
        var product = Matrix<double>.Build.Dense(a.RowCount, b.ColumnCount);
        var bandRows = Math.Max(MinimumBandRows, (a.RowCount + Bands - 1) / Bands);
        for (var row = 0; row < a.RowCount; row += bandRows)
        {
            cancellation.ThrowIfCancellationRequested();
            var rows = Math.Min(bandRows, a.RowCount - row);
            product.SetSubMatrix(row, 0, a.SubMatrix(row, rows, 0, a.ColumnCount) * b);
        }
        return product;
    }
}
