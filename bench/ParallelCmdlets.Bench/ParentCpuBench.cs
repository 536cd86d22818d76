using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Bench;

/// <summary>
/// Row 10: what the measuring process itself costs the measured work. During a timed Processes run the parent
/// dispatches tasks, reads results and stamps records; its CPU over that run, outside the tasks (which run in the
/// workers), is set against the CPU the tasks themselves used, as the workers measured it.
/// </summary>
internal static class ParentCpuBench
{
    /// <summary>The parent may cost at most this share of the tasks' own CPU.</summary>
    private const double GoalShare = 0.05;

    // Tasks of some tens of milliseconds, as the Demo's are: long enough that a task is work, not dispatch.
    private const long LoopSize = 5_000_000;
    private const int Tasks = 16, Workers = 2, Iterations = 9, MaxIterations = 27;

    public static Row ParentCpu(BenchContext context, List<string> notes)
    {
        using var workload = context.Prepare("Loop", LoopSize, Tasks);
        using var executor = context.StartProcesses(workload, Workers);
        BenchContext.TimedRun(executor, Tasks); // warm-up
        var parent = new List<double>();
        var tasks = new List<double>();
        var shares = new List<double>();
        PairedRatio share;
        do
        {
            for (var i = 0; i < Iterations; i++)
            {
                GC.Collect();
                var before = CpuClock.ProcessSeconds();
                BenchContext.TimedRun(executor, Tasks, out var run);
                var own = CpuClock.ProcessSeconds() - before;
                var work = run.Records.Sum(r => r.CpuSeconds);
                parent.Add(own);
                tasks.Add(work);
                shares.Add(own / work);
            }
            share = PairedRatio.To(shares, 1.0);
        } while (!share.Decided(GoalShare) && shares.Count < MaxIterations);
        notes.Add($"Row 10: Loop Size {LoopSize:N0}, {Tasks} tasks on {Workers} worker processes per run; the parent's CPU over the run (CpuClock.ProcessSeconds around ProcessExecutor.Run) {new Samples(parent)}, the tasks' CPU as the workers measured it {new Samples(tasks)}.");
        return Row.Share($"10. The measuring process's own cost: the parent's CPU during a timed Processes run ({Tasks} Loop tasks, {Workers} workers), outside the tasks, vs the tasks' CPU",
            Format.Time(Sampling.Median(parent)), Format.Time(Sampling.Median(tasks)), share, GoalShare);
    }
}
