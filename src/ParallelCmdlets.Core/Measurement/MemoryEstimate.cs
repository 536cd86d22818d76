using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// Projects the memory a run needs before it starts, so an impossible run is refused with a figure instead
/// of failing halfway through with the machine swapping.
/// </summary>
public static class MemoryEstimate
{
    /// <summary>Bytes the run needs at its peak, over all processes, or 0 when the workload is small by nature.</summary>
    public static long Project(WorkloadInfo workload, long size, Strategy strategy, int workers, int threadsPerWorker)
    {
        if (workload.PeakBytes is not { } peak) return 0;
        var toolchain = strategy.Toolchain();
        var parallel = (long)toolchain.Lanes(workers) * toolchain.ThreadsPerLane(threadsPerWorker);
        // Start-Job's processes each make and hold their own copy, as worker processes do.
        return peak(new MemoryShape(size, parallel, workers, toolchain.Has(Strategies.StrategyTraits.CopiesPerProcess)));
    }

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

/// <summary>What a workload's memory need depends on: its size, the tasks running at once, the workers, and whether each runs in a process of its own.</summary>
internal readonly record struct MemoryShape(long Size, long Parallel, int Workers, bool SeparateProcesses);
