namespace ParallelCmdlets.Reports;

/// <summary>What a scaling chart draws besides the points: the fitted models, the break-evens, the ideal line's cores.</summary>
public sealed record ScalingChartOptions
{
    /// <summary>The figure's title; by default "&lt;workload&gt;: scaling".</summary>
    public string? Title { get; init; }

    /// <summary>Cores of the machine the points were measured on: the ideal speedup is min(workers, cores).</summary>
    public int Cores { get; init; } = Environment.ProcessorCount;

    /// <summary>Fitted models, drawn over the speedup series of the same strategy and size (USL dashed, Amdahl dotted).</summary>
    public IReadOnlyList<ScalingModel> Models { get; init; } = [];

    /// <summary>Break-evens, drawn as vertical lines on the elapsed-against-size chart.</summary>
    public IReadOnlyList<BreakEven> BreakEvens { get; init; } = [];

    /// <summary>The workload's size unit for the size axis ("MB", "rows"); empty for none.</summary>
    public string SizeUnit { get; init; } = "";
}
