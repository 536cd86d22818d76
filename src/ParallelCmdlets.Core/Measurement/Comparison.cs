namespace ParallelCmdlets.Measurement;

/// <summary>One strategy's timed runs, as the runner measured them.</summary>
public sealed record MeasuredStrategy(StrategyPlan Plan, IReadOnlyList<RunResult> Runs, double StartupSeconds, int Warmup)
{
    /// <summary>The runtime and GC of the worker processes that ran the tasks, when there were any.</summary>
    public string WorkerRuntime { get; init; } = "";
    public string WorkerGcMode { get; init; } = "";

    /// <summary>Every task of a timed run failed, so the strategy's other repeats were not run.</summary>
    public bool StoppedAfterFailure { get; init; }

    /// <summary>What the runner had to change, such as repeats cut to fit a time budget: shown with the warnings.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Whether the workload's argument and result are arrays of doubles, which -TransferMode SharedMemory can carry.</summary>
    public bool NumericPayload { get; init; }

    /// <summary>Whether -Size sets how much work a task does (<see cref="Workloads.Workload.SizeSetsWork"/>).</summary>
    public bool SizeSetsWork { get; init; } = true;
}

/// <summary>
/// The one pure function from all strategies' runs to the results users see: medians and intervals, Speedup
/// with its interval against Sequential, Fastest or a tie by a significance test, the verdict and the warnings.
/// Nothing is filled in afterwards.
/// </summary>
public static class Comparison
{
    public static IReadOnlyList<StrategyResult> Analyze(IReadOnlyList<MeasuredStrategy> measured, int cores, EnvironmentInfo? environment)
    {
        if (measured.Count == 0) return [];
        var baselineRuns = measured.FirstOrDefault(m => m.Plan.Strategy == Strategy.Sequential);
        var baselineFacts = baselineRuns is null ? null : Facts(baselineRuns, baselineRuns, cores, measured.Count, []);
        var standings = Standings(measured);
        var facts = measured.Select(m => m == baselineRuns ? baselineFacts! with { TiedWith = standings[m].TiedWith }
            : Facts(m, baselineRuns, cores, measured.Count, standings[m].TiedWith)).ToList();
        var baseline = baselineFacts is null ? null : facts[measured.ToList().IndexOf(baselineRuns!)];
        return measured.Select((m, i) => Build(m, facts[i], baseline, standings[m], environment)).ToList();
    }

    private sealed record Standing(bool Fastest, bool Tie, IReadOnlyList<string> TiedWith);

    /// <summary>
    /// The best typical time is the candidate; it is Fastest only if every other strategy is significantly
    /// slower by more than the threshold. Otherwise those within noise of it share a tie. Strategies with failed
    /// tasks take no part, and with too few repeats no winner is named at all.
    /// </summary>
    private static Dictionary<MeasuredStrategy, Standing> Standings(IReadOnlyList<MeasuredStrategy> measured)
    {
        var none = measured.ToDictionary(m => m, _ => new Standing(false, false, []));
        var candidates = measured.Where(m => m.Runs.Count > 0 && m.Runs.All(r => r.FailedTasks == 0)).ToList();
        if (candidates.Count == 0 || measured.Count < 2 || candidates.Min(m => m.Runs.Count) < RunStatistics.RepeatsNeeded) return none;
        var best = candidates.MinBy(m => RunStatistics.Summarize(Elapsed(m)).LowerMedian)!;
        var tied = candidates.Where(m => m != best && RunStatistics.Compare(Elapsed(m), Elapsed(best)) != Difference.Slower).ToList();
        if (tied.Count == 0)
        {
            none[best] = new Standing(true, false, []);
            return none;
        }
        var group = tied.Prepend(best).ToList();
        foreach (var m in group)
            none[m] = new Standing(false, true, group.Where(o => o != m).Select(o => Name(o, measured)).ToList());
        return none;
    }

    private static bool HasFailures(MeasuredStrategy m) => m.Runs.Any(r => r.FailedTasks > 0);

    private static double[] Elapsed(MeasuredStrategy m) => m.Runs.Select(r => r.Elapsed).ToArray();

    /// <summary>
    /// "Threads", "Processes (SharedMemory)", or "Threads ×3" (and its GC) when several plans of one strategy were
    /// measured, as a sweep does.
    /// </summary>
    private static string Name(MeasuredStrategy m, IReadOnlyList<MeasuredStrategy> all)
    {
        var same = all.Where(o => o.Plan.Strategy == m.Plan.Strategy).ToList();
        // Plans told apart by their transfer mode alone (Compare-Strategy -TransferMode Copy, SharedMemory) need no more.
        if (same.Count(o => o.Plan.TransferMode == m.Plan.TransferMode) == 1) return m.Plan.Name;
        var name = $"{m.Plan.Name} ×{m.Plan.Workers}";
        return same.Count(o => o.Plan.Workers == m.Plan.Workers && o.Plan.TransferMode == m.Plan.TransferMode) > 1 && m.Plan.GcMode is { } gc ? $"{name} ({gc})" : name;
    }

    /// <summary>The run whose elapsed time is the lower median: it stands for the strategy in every per-run figure.</summary>
    public static RunResult MedianRun(IReadOnlyList<RunResult> runs)
    {
        var median = RunStatistics.Summarize(runs.Select(r => r.Elapsed).ToArray()).LowerMedian;
        return runs.First(r => r.Elapsed == median);
    }

    private static StrategyFacts Facts(MeasuredStrategy m, MeasuredStrategy? baseline, int cores, int compared, IReadOnlyList<string> tiedWith)
    {
        var summary = RunStatistics.Summarize(Elapsed(m));
        var median = MedianRun(m.Runs);
        var taskTime = median.Records.Sum(r => r.Duration);
        var taskMean = median.Records.Count > 0 ? median.Records.Average(r => r.Duration) : 0;
        double? speedup = null, low = null, high = null, inflation = null;
        // A time with failed tasks does not stand for the work, on either side of the ratio: no speedup is given.
        var failed = HasFailures(m) || (baseline is not null && HasFailures(baseline));
        if (!failed && baseline == m)
        {
            (speedup, low, high, inflation) = (1, 1, 1, 1);
        }
        else if (!failed && baseline is not null && summary.LowerMedian > 0)
        {
            (speedup, low, high) = RunStatistics.Ratio(Elapsed(baseline), Elapsed(m));
            var baselineMean = MedianRun(baseline.Runs).Records.Select(r => r.Duration).DefaultIfEmpty().Average();
            inflation = baselineMean > 0 ? taskMean / baselineMean : null;
        }
        var otherLoads = m.Runs.Where(r => r.OtherLoad is not null).Select(r => r.OtherLoad!.Value).Order().ToArray();
        return new StrategyFacts
        {
            Strategy = m.Plan.Strategy,
            Workers = m.Plan.Workers,
            ThreadsPerWorker = m.Plan.ThreadsPerWorker,
            Tasks = median.Tasks,
            Repeat = m.Runs.Count,
            Cores = cores,
            Elapsed = summary.LowerMedian,
            ElapsedCV = summary.CoefficientOfVariation,
            Outliers = summary.Outliers,
            TaskMean = taskMean,
            ComputeMean = median.Records.Count > 0 ? median.Records.Average(r => r.Compute) : 0,
            CpuPerTask = median.Records.Count > 0 ? median.Records.Average(r => r.CpuSeconds) : 0,
            ReturnMean = median.Records.Count > 0 ? median.Records.Average(r => r.TransferOut) : 0,
            SendMean = median.Records.Count > 0 ? median.Records.Average(r => r.TransferIn) : 0,
            TransferShare = taskTime > 0 ? median.Records.Sum(r => r.TransferIn + r.TransferOut) / taskTime : 0,
            BytesMoved = median.Records.Sum(r => r.BytesIn + r.BytesOut),
            TransferMode = m.Plan.TransferMode,
            NumericPayload = m.NumericPayload,
            SizeSetsWork = m.SizeSetsWork,
            CpuUtilization = median.CpuUtilization,
            CoresPerTask = median.CoresPerTask,
            GcPauseShare = median.GcPauseShare,
            OtherLoad = otherLoads.Length > 0 ? otherLoads[(otherLoads.Length - 1) / 2] : null,
            GcMode = median.GcMode,
            FailedTasks = m.Runs.Sum(r => r.FailedTasks),
            BaselineFailedTasks = baseline is null || baseline == m ? 0 : baseline.Runs.Sum(r => r.FailedTasks),
            StoppedAfterFailure = m.StoppedAfterFailure,
            FailedTasksInMedianRun = median.FailedTasks,
            Speedup = speedup,
            SpeedupLow = low,
            SpeedupHigh = high,
            TaskInflation = inflation,
            StrategiesCompared = compared,
            TiedWith = tiedWith,
        };
    }

    private static StrategyResult Build(MeasuredStrategy m, StrategyFacts facts, StrategyFacts? baseline, Standing standing, EnvironmentInfo? environment)
    {
        var summary = RunStatistics.Summarize(Elapsed(m));
        var median = MedianRun(m.Runs);
        var durations = median.Records.Select(r => r.Duration).ToArray();
        return new StrategyResult
        {
            Workload = median.Workload,
            Size = median.Size,
            SizeUnit = median.SizeUnit,
            StartedUtc = m.Runs.Count > 0 ? m.Runs.Min(r => r.StartedUtc) : default,
            Strategy = m.Plan.Strategy,
            TransferMode = m.Plan.TransferMode,
            Workers = m.Plan.Workers,
            ThreadsPerWorker = m.Plan.ThreadsPerWorker,
            Tasks = median.Tasks,
            Repeat = m.Runs.Count,
            Warmup = m.Warmup,
            Elapsed = summary.LowerMedian,
            ElapsedLow = summary.MedianLow,
            ElapsedHigh = summary.MedianHigh,
            ElapsedMin = summary.Min,
            ElapsedMax = summary.Max,
            ElapsedCV = summary.CoefficientOfVariation,
            TaskMean = facts.TaskMean,
            TaskMax = durations.Length > 0 ? durations.Max() : 0,
            OverheadPerTask = facts.OverheadPerTask,
            TransferSeconds = median.Records.Sum(r => r.TransferIn + r.TransferOut),
            BytesMoved = median.Records.Sum(r => r.BytesIn + r.BytesOut),
            StartupSeconds = m.StartupSeconds,
            ClockUncertainty = median.Records.Count == 0 ? 0 : median.Records.Max(r => r.ClockUncertainty),
            CpuUtilization = median.CpuUtilization,
            CoresPerTask = median.CoresPerTask,
            GcPauseSeconds = median.GcPauseSeconds,
            GcPauseShare = median.GcPauseShare,
            OtherLoad = facts.OtherLoad,
            GcMode = median.GcMode,
            FailedTasks = facts.FailedTasks,
            Speedup = facts.Speedup,
            SpeedupLow = facts.SpeedupLow,
            SpeedupHigh = facts.SpeedupHigh,
            ConfidenceLevel = RunStatistics.ConfidenceLevel,
            TaskInflation = facts.TaskInflation,
            Fastest = standing.Fastest,
            Tie = standing.Tie,
            TiedWith = string.Join(", ", standing.TiedWith),
            Verdict = VerdictRules.Explain(facts, baseline),
            Warnings = string.Join(StrategyResult.WarningSeparator, m.Notes.Concat(WarningRules.Collect(facts, baseline))),
            Runs = new RunList(m.Runs),
            RunId = median.RunId,
            Environment = environment,
        };
    }
}
