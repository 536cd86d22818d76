using System.Management.Automation;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Whether a workload at a size fits before anything starts: within the largest size it can make, and within this
/// machine's memory for the strategies and workers asked. A refusal suggests a size that both checks then accept.
/// </summary>
internal static class MemoryCheck
{
    public static Refusal? Problem(WorkloadInfo info, long size, IReadOnlyList<Strategy> strategies, int workers, int threadsPerWorker, long have)
    {
        long NeedAt(long s) => strategies.Max(strategy => MemoryEstimate.Project(info, s, strategy, workers, threadsPerWorker));
        var arrayLimit = info.MaxSize ?? long.MaxValue / 2;
        var fits = MemoryEstimate.LargestSizeThatFits(Math.Min(size, arrayLimit), NeedAt, have);
        var suggestion = fits > 0 ? $"Use -Size {fits} or less" : "Lower -Workers or leave out Processes";
        if (size > arrayLimit)
            return new Refusal(ErrorIds.SizeOutOfRange, ErrorCategory.InvalidArgument, size,
                $"-Size {size} is beyond the largest {info.Name} can make, {arrayLimit:N0}: its argument is one .NET array, which holds at most {Array.MaxLength:N0} elements. {suggestion}{(fits < arrayLimit ? $", which this machine's {Reports.TimeFormat.Bytes(have)} of memory allows with {workers} workers" : "")}.");
        var need = NeedAt(size);
        return need > have
            ? new Refusal(ErrorIds.NotEnoughMemory, ErrorCategory.ResourceUnavailable, size,
                $"{info.Name} with -Size {size} and {workers} workers needs about {Reports.TimeFormat.Bytes(need)}; this machine has {Reports.TimeFormat.Bytes(have)}. {suggestion}, or lower -Workers.")
            : null;
    }
}
