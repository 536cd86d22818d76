namespace ParallelCmdlets.Workloads;

/// <summary>
/// A workload whose argument and result are arrays of doubles, and which can compute from one span into another:
/// under -TransferMode SharedMemory its worker reads the argument where the parent left it, in a memory map, and
/// writes the result into another map the parent reads, so neither crosses the socket. Its
/// <see cref="Workload.CreateInput"/> returns a double[].
/// </summary>
public interface INumericPayloadWorkload
{
    /// <summary>The most doubles one task's argument holds: the size of the map it travels in.</summary>
    long MaxInputDoubles { get; }

    /// <summary>The most doubles one task's result holds.</summary>
    long MaxOutputDoubles { get; }

    /// <summary>Runs one task from <paramref name="input"/> into <paramref name="output"/>; returns how many doubles of it the result takes.</summary>
    int Execute(int taskId, ReadOnlySpan<double> input, Span<double> output, CancellationToken cancellation);
}
