using ParallelCmdlets.Measurement.Sampling;

namespace ParallelCmdlets.Measurement;

/// <summary>One strategy's timed runs, as the runner measured them.</summary>
public sealed record MeasuredStrategy(StrategyPlan Plan, IReadOnlyList<RunResult> Runs, double StartupSeconds, int Warmup)
{
    /// <summary>The runtime and GC of the worker processes that ran the tasks, when there were any.</summary>
    public string WorkerRuntime { get; init; } = "";
    public string WorkerGcMode { get; init; } = "";

    /// <summary>Every task of a timed run failed, so the strategy's other repeats were not run.</summary>
    public bool StoppedAfterFailure { get; init; }

    /// <summary>What the runner had to change, such as repeats cut to fit a time budget: the first of the warnings.</summary>
    public IReadOnlyList<Conclusion> Notes { get; init; } = [];

    /// <summary>Whether the workload's argument and result are arrays of doubles, which -TransferMode SharedMemory can carry.</summary>
    public bool NumericPayload { get; init; }

    /// <summary>Timed runs set aside because other programs disturbed them, each run again.</summary>
    public IReadOnlyList<DisturbedRun> Repeated { get; init; } = [];

    /// <summary>Why the timed rounds ended, the precision they aimed at, and what the experiment could spend.</summary>
    public StopReason StopReason { get; init; } = StopReason.FixedCount;
    public double PrecisionTarget { get; init; } = StoppingRule.DefaultPrecision;

    /// <summary>Seconds one round of every strategy took, on average, and the -MaxSeconds it ran under (null without one): what a warning's advice is computed from.</summary>
    public double RoundSeconds { get; init; }
    public double? MaxSeconds { get; init; }

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
    /// <param name="code">The -ScriptBlock's text, carried on every result for the answer's command; null for a built-in workload.</param>
    /// <param name="arguments">Its -ArgumentList as PowerShell source, likewise; null when it had none.</param>
    public static IReadOnlyList<StrategyResult> Analyze(IReadOnlyList<MeasuredStrategy> measured, int cores, EnvironmentInfo? environment, string? code = null,
        string? arguments = null)
    {
        if (measured.Count == 0) return [];
        var baselineRuns = measured.FirstOrDefault(m => m.Plan.Strategy.IsBaseline());
        var baselineFacts = baselineRuns is null ? null : Facts(baselineRuns, baselineRuns, cores, measured.Count, []);
        var standings = Standings(measured);
        var facts = measured.Select(m => m == baselineRuns ? baselineFacts! with { TiedWith = standings[m].TiedWith }
            : Facts(m, baselineRuns, cores, measured.Count, standings[m].TiedWith)).ToList();
        facts = facts.Select((f, i) => WithWrappedFigures(f, measured[i], measured, facts)).ToList();
        var baseline = baselineFacts is null ? null : facts[measured.ToList().IndexOf(baselineRuns!)];
        return measured.Select((m, i) => Build(m, facts[i], baseline, standings[m], environment, code, arguments)).ToList();
    }

    /// <summary>A tool's row as written, with its fixed form measured beside it, carries that form's speedup, for its verdict.</summary>
    private static StrategyFacts WithWrappedFigures(StrategyFacts f, MeasuredStrategy m, IReadOnlyList<MeasuredStrategy> measured, IReadOnlyList<StrategyFacts> facts)
    {
        if (m.Plan.Wrapped) return f;
        var index = measured.ToList().FindIndex(o => o.Plan.Wrapped && o.Plan with { Wrapped = false } == m.Plan);
        if (index < 0) return f;
        var wrapped = facts[index];
        return f with { WrappedSpeedup = wrapped.Speedup, WrappedSpeedupLow = wrapped.SpeedupLow, WrappedSpeedupHigh = wrapped.SpeedupHigh };
    }

    private sealed record Standing(bool Fastest, bool Tie, IReadOnlyList<string> TiedWith, bool Settled = true);

    /// <summary>
    /// The decision in one line ("fastest: Threads", "tie: Threads, Processes", "none"): what the adaptive rule
    /// watches for change from round to round.
    /// </summary>
    public static string Decision(IReadOnlyList<MeasuredStrategy> measured)
    {
        var standings = Standings(measured);
        var fastest = measured.Where(m => standings[m].Fastest).Select(m => Name(m, measured)).ToList();
        if (fastest.Count > 0) return "fastest: " + string.Join(", ", fastest);
        var tied = measured.Where(m => standings[m].Tie).Select(m => Name(m, measured)).ToList();
        if (tied.Count > 0) return "tie: " + string.Join(", ", tied);
        return measured.Any(m => !standings[m].Settled) ? "did not settle" : "none";
    }

    /// <summary>
    /// A speedup interval whose high end is more than this many times its low end says too little to stand beside a
    /// named winner (or a tie): the result says the comparison did not settle instead.
    /// </summary>
    public const double SettledSpread = 2.0;

    /// <summary>
    /// Whether every strategy's mean is known well enough to name a winner: the interval of the ratio of every two
    /// means (a speedup is one of them) spans at most <see cref="SettledSpread"/>.
    /// </summary>
    private static bool Settled(IReadOnlyList<MeasuredStrategy> measured)
    {
        for (var i = 0; i < measured.Count; i++)
            for (var j = i + 1; j < measured.Count; j++)
            {
                var (_, low, high) = RunStatistics.Ratio(Elapsed(measured[i]), Elapsed(measured[j]));
                if (low is not { } l || high is not { } h || l <= 0 || h / l > SettledSpread) return false;
            }
        return true;
    }

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
        // Means that are not known within a factor of two name no winner and no tie: the rows say so instead.
        if (!Settled(candidates)) return measured.ToDictionary(m => m, _ => new Standing(false, false, [], Settled: false));
        var best = candidates.MinBy(m => Elapsed(m).Average())!;
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
        // Plans told apart by their transfer mode or their form alone (-TransferMode Copy, SharedMemory; a tool as written and wrapped) need no more.
        if (same.Count(o => o.Plan.Label == m.Plan.Label) == 1) return m.Plan.Label;
        var name = $"{m.Plan.Label} ×{m.Plan.Workers}";
        return same.Count(o => o.Plan.Workers == m.Plan.Workers && o.Plan.Label == m.Plan.Label) > 1 && m.Plan.GcMode is { } gc ? $"{name} ({gc})" : name;
    }

    /// <summary>
    /// The run nearest the headline (the mean; the earlier of two as near): it stands for the strategy in every
    /// per-run figure, and it is the run the timeline draws.
    /// </summary>
    public static RunResult HeadlineRun(IReadOnlyList<RunResult> runs)
    {
        var mean = runs.Average(r => r.Elapsed);
        return runs.MinBy(r => Math.Abs(r.Elapsed - mean))!;
    }

    private static StrategyFacts Facts(MeasuredStrategy m, MeasuredStrategy? baseline, int cores, int compared, IReadOnlyList<string> tiedWith)
    {
        var summary = RunStatistics.Summarize(Elapsed(m));
        var headline = MeanEstimate.Of(Elapsed(m));
        var median = HeadlineRun(m.Runs);
        var taskTime = median.Records.Sum(r => r.Duration);
        var taskMean = median.Records.Count > 0 ? median.Records.Average(r => r.Duration) : 0;
        double? speedup = null, low = null, high = null, inflation = null;
        // A time with failed tasks does not stand for the work, on either side of the ratio: no speedup is given.
        var failed = HasFailures(m) || (baseline is not null && HasFailures(baseline));
        if (!failed && baseline == m)
        {
            (speedup, low, high, inflation) = (1, 1, 1, 1);
        }
        else if (!failed && baseline is not null && headline.Mean > 0)
        {
            (speedup, low, high) = RunStatistics.Ratio(Elapsed(baseline), Elapsed(m));
            var baselineMean = HeadlineRun(baseline.Runs).Records.Select(r => r.Duration).DefaultIfEmpty().Average();
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
            Elapsed = headline.Mean,
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
            Wrapped = m.Plan.Wrapped,
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

    private static StrategyResult Build(MeasuredStrategy m, StrategyFacts facts, StrategyFacts? baseline, Standing standing, EnvironmentInfo? environment, string? code,
        string? arguments)
    {
        var summary = RunStatistics.Summarize(Elapsed(m));
        var headline = MeanEstimate.Of(Elapsed(m));
        var median = HeadlineRun(m.Runs);
        var modes = ModalityRule.Detect(m.Runs);
        var durations = median.Records.Select(r => r.Duration).ToArray();
        return new StrategyResult
        {
            Workload = median.Workload,
            Size = median.Size,
            SizeUnit = median.SizeUnit,
            StartedUtc = m.Runs.Count > 0 ? m.Runs.Min(r => r.StartedUtc) : default,
            Strategy = m.Plan.Strategy,
            TransferMode = m.Plan.TransferMode,
            Wrapped = m.Plan.Wrapped,
            Code = code,
            Arguments = arguments,
            Workers = m.Plan.Workers,
            ThreadsPerWorker = m.Plan.ThreadsPerWorker,
            Tasks = median.Tasks,
            Repeat = m.Runs.Count,
            Warmup = m.Warmup,
            Elapsed = headline.Mean,
            ElapsedLow = m.Runs.Count >= 2 ? headline.Low : null,
            ElapsedHigh = m.Runs.Count >= 2 ? headline.High : null,
            Median = summary.LowerMedian,
            MedianLow = summary.MedianLow,
            MedianHigh = summary.MedianHigh,
            Precision = headline.Precision,
            PrecisionTarget = m.PrecisionTarget,
            StopReason = m.StopReason,
            Settled = standing.Settled,
            RepeatedRuns = m.Repeated,
            SeveralModes = modes is not null,
            TimelineRun = TimelineRunLabel(m.Runs, median),
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
            Conclusions = new ConclusionList([
                .. VerdictRules.Conclude(facts, baseline),
                .. m.Notes,
                .. SamplingWarnings.Collect(m, headline, modes, standing.Settled),
                .. WarningRules.Collect(facts, baseline),
            ]),
            Runs = new RunList(m.Runs),
            RunId = median.RunId,
            Environment = environment,
        };
    }

    /// <summary>"round 3 of 7 (0.245 s), the run nearest the mean": which run the timeline and the per-run figures show.</summary>
    private static string TimelineRunLabel(IReadOnlyList<RunResult> runs, RunResult shown) =>
        FormattableString.Invariant($"run {runs.ToList().IndexOf(shown) + 1} of {runs.Count} ({Reports.TimeFormat.Seconds(shown.Elapsed)}), the one nearest the mean");
}
