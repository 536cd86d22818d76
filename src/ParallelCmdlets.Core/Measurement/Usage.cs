namespace ParallelCmdlets.Measurement;

/// <summary>A worker process's own CPU, GC and compiler counters, as it reports them, and where they stood when it became ready.</summary>
public readonly record struct ProcessUsage(int ProcessId, double CpuSeconds, TimeSpan GcPause, double ReadyCpuSeconds, TimeSpan ReadyGcPause)
{
    /// <summary>Collections the worker has made so far, and when it became ready.</summary>
    public GcCounts Collections { get; init; }
    public GcCounts ReadyCollections { get; init; }

    /// <summary>Time the worker has spent compiling so far, and when it became ready.</summary>
    public TimeSpan JitTime { get; init; }
    public TimeSpan ReadyJitTime { get; init; }

    /// <summary>The worker's counters as they stood when it became ready.</summary>
    public ProcessUsage WhenReady => this with { CpuSeconds = ReadyCpuSeconds, GcPause = ReadyGcPause, Collections = ReadyCollections, JitTime = ReadyJitTime };
}

/// <summary>Garbage collections by generation (a gen2 collection counts in gen1 and gen0 too, as .NET counts them).</summary>
public readonly record struct GcCounts(int Gen0, int Gen1, int Gen2)
{
    /// <summary>This process's collections so far.</summary>
    public static GcCounts Current() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    public static GcCounts operator -(GcCounts a, GcCounts b) => new(Math.Max(0, a.Gen0 - b.Gen0), Math.Max(0, a.Gen1 - b.Gen1), Math.Max(0, a.Gen2 - b.Gen2));
    public static GcCounts operator +(GcCounts a, GcCounts b) => new(a.Gen0 + b.Gen0, a.Gen1 + b.Gen1, a.Gen2 + b.Gen2);

    /// <summary>"gen0 12, gen1 3, gen2 1".</summary>
    public override string ToString() => FormattableString.Invariant($"gen0 {Gen0}, gen1 {Gen1}, gen2 {Gen2}");
}

/// <summary>
/// Every counter a run's accounting needs, read just before and just after the timed run (never inside it):
/// this process, its thread pool, each worker process, and the machine as a whole.
/// </summary>
public sealed record UsageSnapshot(
    double ThisProcessCpuSeconds,
    TimeSpan ThisProcessGcPause,
    IReadOnlyDictionary<int, double> ThreadPoolCpu,
    IReadOnlyList<ProcessUsage> Workers,
    MachineCpu? Machine)
{
    /// <summary>This process's collections by generation.</summary>
    public GcCounts ThisProcessCollections { get; init; }

    /// <summary>CPU of this process's ended children (Start-Job's pwsh processes).</summary>
    public double ReapedChildrenCpuSeconds { get; init; }

    /// <summary>Time this process has spent compiling.</summary>
    public TimeSpan ThisProcessJitTime { get; init; }

    /// <summary>This process's counters, with the given workers' reports.</summary>
    public static UsageSnapshot Take(IReadOnlyList<ProcessUsage> workers) =>
        new(CpuClock.ProcessSeconds(), GC.GetTotalPauseDuration(), CpuClock.ThreadPoolSeconds(), workers, MachineCpu.Read())
        {
            ReapedChildrenCpuSeconds = CpuClock.ReapedChildrenSeconds(),
            ThisProcessCollections = GcCounts.Current(),
            ThisProcessJitTime = JitClock.ProcessTime(),
        };
}

/// <summary>
/// What an executor hands back from one run: what happened to the tasks, and the CPU of the threads that served
/// them here. What was asked of the run (workload, size, strategy, its id and start) is not the executor's to say:
/// <see cref="RunIdentity"/> attaches it.
/// </summary>
public sealed class ExecutedRun
{
    public required IReadOnlyList<TaskRecord> Records { get; init; }

    /// <summary>Run start to the end of the last task, in seconds.</summary>
    public double Elapsed => Records.Count == 0 ? 0 : Math.Max(0, Records.Max(r => r.End));

    /// <summary>CPU seconds used, over the whole run, by this process's threads that ran or dispatched tasks.</summary>
    public double ServingCpuSeconds { get; init; }

    /// <summary>The cores the tasks ran on when they are not this machine's (Remote: every host's, each machine once); null here.</summary>
    public int? Cores { get; init; }
}

/// <summary>
/// Turns an executed run and the counters around it into a <see cref="RunResult"/>: CPU from the threads that
/// did the work (task or dispatch threads, the thread pool they used, whole worker processes), GC pauses from
/// the processes that ran the tasks, and the share of the machine other processes used meanwhile.
/// </summary>
public static class RunAccounting
{
    /// <summary>
    /// /proc/stat counts in 10 ms ticks: over a run shorter than this, two or three ticks more or less read as
    /// "other processes used 80 % of the cores" (seen on a 5 ms run), so the machine's load is not judged.
    /// </summary>
    public const double MinimumSecondsForMachineLoad = 0.5;

    /// <param name="identity">What was asked of the run: attached to the result and to every record.</param>
    public static RunResult Account(ExecutedRun run, RunIdentity identity, double startup, UsageSnapshot before, UsageSnapshot after,
        string gcMode, int cores)
    {
        var strategy = identity.Strategy;
        var inProcess = !strategy.RunsInWorkerProcesses();
        var workerCpu = 0.0;
        var workerGc = TimeSpan.Zero;
        var workerCollections = new GcCounts();
        var workerJit = TimeSpan.Zero;
        foreach (var worker in after.Workers)
        {
            // A worker started during the run (a replacement) counts from when it became ready.
            var previous = before.Workers.FirstOrDefault(w => w.ProcessId == worker.ProcessId);
            var from = previous.ProcessId == worker.ProcessId ? previous : worker.WhenReady;
            workerCpu += Math.Max(0, worker.CpuSeconds - from.CpuSeconds);
            if (worker.GcPause > from.GcPause) workerGc += worker.GcPause - from.GcPause;
            workerCollections += worker.Collections - from.Collections;
            if (worker.JitTime > from.JitTime) workerJit += worker.JitTime - from.JitTime;
        }
        var threadPoolCpu = CpuClock.ThreadPoolSecondsBetween(before.ThreadPoolCpu, after.ThreadPoolCpu);
        var ownCpu = Math.Max(0, after.ThisProcessCpuSeconds - before.ThisProcessCpuSeconds);
        // Without a thread clock, fall back to this process's whole CPU time: coarser, and it includes the host's threads.
        var servingCpu = CpuClock.HasThreadClock ? run.ServingCpuSeconds + threadPoolCpu : ownCpu;
        // PowerShell's tools run tasks on threads of their own making (and Start-Job in processes that end with
        // their task): the whole of this process and its reaped children is what they used.
        var childrenCpu = Math.Max(0, after.ReapedChildrenCpuSeconds - before.ReapedChildrenCpuSeconds);
        if (strategy.IsPowerShellTool()) servingCpu = ownCpu + childrenCpu;
        // Remote tasks run in other hosts' processes: their collections, and their machines' load, are not seen from here.
        var remote = strategy.IsRemote();
        var gcPause = remote ? TimeSpan.Zero : inProcess ? after.ThisProcessGcPause - before.ThisProcessGcPause : workerGc;
        cores = run.Cores ?? cores;
        var elapsed = run.Elapsed;
        // In one process a pause stops every task thread at once; a worker's pause stops only that worker's.
        var gcStoppedWorkers = inProcess ? 1 : identity.Workers;
        double? otherLoad = null;
        if (!remote && before.Machine is { } m0 && after.Machine is { } m1 && elapsed >= MinimumSecondsForMachineLoad && cores > 0)
        {
            var others = (m1.BusySeconds - m0.BusySeconds) - ownCpu - workerCpu - childrenCpu;
            otherLoad = Math.Clamp(others / (elapsed * cores), 0, 1);
        }
        return new RunResult
        {
            RunId = identity.RunId,
            Workload = identity.Workload,
            Size = identity.Size,
            SizeUnit = identity.SizeUnit,
            Warmup = identity.Warmup,
            StartedUtc = identity.StartedUtc,
            Strategy = strategy,
            TransferMode = identity.TransferMode,
            Wrapped = identity.Wrapped,
            Workers = identity.Workers,
            ThreadsPerWorker = identity.ThreadsPerWorker,
            Tasks = identity.Tasks,
            Round = identity.Round,
            Elapsed = elapsed,
            StartupSeconds = startup,
            CpuSeconds = servingCpu + workerCpu,
            GcPauseSeconds = Math.Max(0, gcPause.TotalSeconds),
            GcPauseShare = elapsed > 0 ? Math.Clamp(gcPause.TotalSeconds / (elapsed * gcStoppedWorkers), 0, 1) : 0,
            OtherLoad = otherLoad,
            GcMode = gcMode,
            Cores = cores,
            ParentCollections = after.ThisProcessCollections - before.ThisProcessCollections,
            ParentGcPauseSeconds = Math.Max(0, (after.ThisProcessGcPause - before.ThisProcessGcPause).TotalSeconds),
            WorkerCollections = workerCollections,
            JitSeconds = Math.Max(0, (after.ThisProcessJitTime - before.ThisProcessJitTime).TotalSeconds) + workerJit.TotalSeconds,
            Records = run.Records.Select(identity.Stamp).ToArray(),
        };
    }
}
