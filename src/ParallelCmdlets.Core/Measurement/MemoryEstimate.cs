using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// Projects the memory a run needs before it starts, so an impossible run is refused with a figure instead
/// of failing halfway through with the machine swapping.
/// </summary>
public static class MemoryEstimate
{
    /// <summary>Bytes the run needs at its peak, over all processes, or 0 when the workload is small by nature.</summary>
    public static long Project(string workload, long size, Strategy strategy, int workers, int threadsPerWorker)
    {
        var toolchain = strategy.Toolchain();
        var parallel = (long)toolchain.Lanes(workers) * toolchain.ThreadsPerLane(threadsPerWorker);
        // Start-Job's processes each make and hold their own copy, as worker processes do.
        var separateProcesses = toolchain.Has(Strategies.StrategyTraits.CopiesPerProcess);
        if (workload.Equals(TransferWorkload.Info.Name, StringComparison.OrdinalIgnoreCase))
        {
            var payload = TransferWorkload.PayloadBytes(size);
            // The shared argument, one result per running task; processes also hold a received copy and a result each.
            return separateProcesses ? (2 + 3 * parallel) * payload : (1 + parallel) * payload;
        }
        if (workload.Equals(MatrixWorkload.Info.Name, StringComparison.OrdinalIgnoreCase))
        {
            var matrix = size * size * sizeof(double);
            var processes = separateProcesses ? 1 + workers : 1;
            return processes * 2 * matrix + parallel * matrix;
        }
        return 0;
    }

    /// <summary>Largest element count of one array: Transfer's argument is one double[].</summary>
    public static long MaxArrayElements => Array.MaxLength;

    public static long TotalMemoryBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// The largest size up to <paramref name="upTo"/> whose projected need fits in <paramref name="have"/> bytes, or 0
    /// when none does: what a refusal suggests must itself be accepted. The need grows with the size, so a binary search finds it.
    /// </summary>
    public static long LargestSizeThatFits(long upTo, Func<long, long> need, long have)
    {
        long low = 0, high = upTo;
        while (low < high)
        {
            var middle = low + (high - low + 1) / 2;
            if (need(middle) <= have) low = middle;
            else high = middle - 1;
        }
        return low;
    }


}
