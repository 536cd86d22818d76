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
        Multiply(left, right);
        return null;
    }

    internal static Matrix<double> Multiply(Matrix<double> a, Matrix<double> b) => a * b;
}
