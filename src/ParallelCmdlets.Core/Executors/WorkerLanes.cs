namespace ParallelCmdlets.Executors;

/// <summary>
/// Numbers the workers of a tool that does not name its own (ForEach-Object -Parallel, jobs): a task takes the
/// lowest-numbered lane free when it started, so a timeline shows as many rows as tasks ran at once. Tasks
/// arrive as their results do, which may be out of start order; a task that finds every lane busy takes the
/// one that frees first.
/// </summary>
public sealed class WorkerLanes(int workers)
{
    private readonly List<long> busyUntil = [];

    /// <returns>The lane (1-based) of a task that ran from <paramref name="start"/> to <paramref name="end"/> (timestamps).</returns>
    public int Take(long start, long end)
    {
        var lane = busyUntil.FindIndex(until => until <= start);
        if (lane < 0 && busyUntil.Count < Math.Max(1, workers))
        {
            busyUntil.Add(end);
            return busyUntil.Count;
        }
        if (lane < 0) lane = busyUntil.IndexOf(busyUntil.Min());
        busyUntil[lane] = Math.Max(busyUntil[lane], end);
        return lane + 1;
    }
}
