using System.Globalization;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// Compares strategies measured on the same tasks against the Sequential baseline and says, in one sentence
/// each, why a strategy was as fast as it was: moving data, cores already busy, the garbage collector stopping
/// the tasks, tasks contending, or scaling.
/// </summary>
public static class Verdicts
{
    /// <summary>Share of task time spent moving data above which copying is the story.</summary>
    public const double CopyingShare = 0.25;
    /// <summary>Sequential CPU use (share of all cores) above which the machine was already busy.</summary>
    public const double BusyCores = 0.75;
    /// <summary>Task slowdown against Sequential above which tasks are said to contend.</summary>
    public const double Contention = 1.4;
    /// <summary>Share of task-thread time stopped by garbage collection above which the GC is the story.</summary>
    public const double GcPauses = 0.15;

    public static void Annotate(IReadOnlyList<StrategyResult> results, int cores)
    {
        var baseline = results.FirstOrDefault(r => r.Strategy == Strategy.Sequential);
        foreach (var result in results)
        {
            if (baseline is not null && result.Elapsed > 0)
            {
                result.Speedup = baseline.Elapsed / result.Elapsed;
                result.TaskInflation = baseline.TaskMean > 0 ? result.TaskMean / baseline.TaskMean : null;
            }
            result.Verdict = Explain(result, baseline, cores);
        }
        var fastest = results.Where(r => r.FailedTasks == 0).DefaultIfEmpty().MinBy(r => r?.Elapsed ?? double.MaxValue);
        foreach (var result in results) result.Fastest = ReferenceEquals(result, fastest);
    }

    public static string Explain(StrategyResult result, StrategyResult? baseline, int cores)
    {
        var c = CultureInfo.InvariantCulture;
        if (result.FailedTasks > 0)
            return string.Format(c, "{0} of {1} tasks did not complete: see errors", result.FailedTasks, result.Tasks);
        if (result.Strategy == Strategy.Sequential)
            return string.Format(c, "baseline: one task at a time, {0:0} % CPU", result.CpuUtilization * 100);
        if (baseline is null)
            return "no sequential baseline measured to compare with";

        var taskTime = result.TaskMean * result.Tasks;
        var moving = taskTime > 0 ? result.TransferSeconds / taskTime : 0;
        var inflation = result.TaskInflation ?? 1;
        var speedup = result.Speedup ?? 1;
        var parallel = Math.Min(result.Workers * result.ThreadsPerWorker, Math.Max(1, result.Tasks));
        var scales = speedup >= 0.75 * Math.Min(parallel, cores) && speedup > 1.2;

        if (moving >= CopyingShare)
            return string.Format(c, "copying dominates: {0:0} % of time moved data", moving * 100);
        if (baseline.CpuUtilization >= BusyCores && cores > 1 && speedup < 1.3)
            return string.Format(c, "cores already busy: sequential CPU use {0:0} %", baseline.CpuUtilization * 100);
        // One process has one heap: a collection stops all its threads, so allocating tasks wait on each other.
        if (result.GcPauseShare >= GcPauses && !scales)
            return string.Format(c, "GC stopped the tasks {0:0} % of the time", result.GcPauseShare * 100);
        if (inflation >= Contention)
            return string.Format(c, "tasks contend: each {0:0.0}× slower than alone", inflation);
        if (scales && parallel > cores && result.CpuUtilization < 0.5)
            return string.Format(c, "waiting, not computing: {1:0.0}× from {0} workers", parallel, speedup);
        if (scales)
            return string.Format(c, "scales: {0:0.0}× with {1} workers on {2} cores", speedup, parallel, cores);
        if (speedup < 1)
            return string.Format(c, "overhead outweighs the work: {0:0.0}× slower", 1 / speedup);
        return string.Format(c, "partial gain: {0:0.0}× with {1} workers, {2} cores", speedup, parallel, cores);
    }
}
