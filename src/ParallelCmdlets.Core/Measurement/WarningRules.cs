using System.Globalization;

namespace ParallelCmdlets.Measurement;

/// <summary>Something a careful reader should know about a result (a warning or a hint), or null.</summary>
public interface IWarningRule
{
    Conclusion? Warn(StrategyFacts result, StrategyFacts? baseline);
}

/// <summary>The warnings benchmark users expect, each a small rule returning a typed conclusion, its limits in <see cref="Thresholds"/>.</summary>
public static class WarningRules
{
    /// <summary>Most important first: the console shows a result's first warning and counts the others (<see cref="WarningDigest"/>).</summary>
    public static readonly IReadOnlyList<IWarningRule> All =
    [
        new FailedRepeatsWarning(),
        new SuperlinearWarning(),
        new BusyMachineWarning(),
        new NestedParallelismWarning(),
        new ShortTasksWarning(),
        new FewRepeatsWarning(),
        new GcModeDiffersWarning(),
        new NoisyRunsWarning(),
        new OutliersWarning(),
        new GcAdviceWarning(),
    ];

    public static IReadOnlyList<Conclusion> Collect(StrategyFacts result, StrategyFacts? baseline) =>
        All.Select(rule => rule.Warn(result, baseline)).OfType<Conclusion>().ToList();

    internal static string Seconds(double seconds) => Reports.TimeFormat.Seconds(seconds);
}

/// <summary>Too few runs for the test to name a winner at the stated confidence.</summary>
public sealed class FewRepeatsWarning : IWarningRule
{
    public Conclusion? Warn(StrategyFacts result, StrategyFacts? baseline) =>
        result.StrategiesCompared < 2 || result.Repeat >= RunStatistics.RepeatsNeeded ? null
            : Conclusion.Warning(ConclusionId.FewRepeats,
                VerdictRules.F($"{result.Repeat} repeat(s) cannot tell strategies apart at {RunStatistics.ConfidenceLevel * 100:0} % confidence: no winner is named, so use -Repeat {RunStatistics.RepeatsNeeded} or more"),
                (nameof(result.Repeat), result.Repeat), ("RepeatsNeeded", RunStatistics.RepeatsNeeded));
}

public sealed class NoisyRunsWarning : IWarningRule
{
    public Conclusion? Warn(StrategyFacts result, StrategyFacts? baseline) => result.ElapsedCV <= Thresholds.MaxCoefficientOfVariation ? null
        : Conclusion.Warning(ConclusionId.NoisyRuns,
            VerdictRules.F($"noisy runs: elapsed varied {result.ElapsedCV * 100:0} % (coefficient of variation, limit {Thresholds.MaxCoefficientOfVariation * 100:0} %), so close other programs or raise -Repeat"),
            (nameof(result.ElapsedCV), result.ElapsedCV), ("Limit", Thresholds.MaxCoefficientOfVariation));
}

public sealed class OutliersWarning : IWarningRule
{
    public Conclusion? Warn(StrategyFacts result, StrategyFacts? baseline) => result.Outliers.Count == 0 ? null
        : Conclusion.Warning(ConclusionId.Outliers,
            VerdictRules.F($"{result.Outliers.Count} outlier run(s) of {result.Repeat} (Tukey's fences): {string.Join(", ", result.Outliers.Select(WarningRules.Seconds))}"),
            (nameof(result.Outliers), result.Outliers.Count), (nameof(result.Repeat), result.Repeat));
}

public sealed class ShortTasksWarning : IWarningRule
{
    public Conclusion? Warn(StrategyFacts result, StrategyFacts? baseline) =>
        result.TaskMean >= Thresholds.MinimumTaskSeconds || result.FailedTasksInMedianRun > 0 ? null
            : Conclusion.Warning(ConclusionId.ShortTasks,
                VerdictRules.F($"tasks too short to time well: {WarningRules.Seconds(result.TaskMean)} each on average (under {WarningRules.Seconds(Thresholds.MinimumTaskSeconds)}), so {Fix(result)}"),
                (nameof(result.TaskMean), result.TaskMean), ("Limit", Thresholds.MinimumTaskSeconds));

    /// <summary>The one fix that gives each task more work: -Size for a built-in workload, the code's own parameters for a ScriptBlock.</summary>
    internal static string Fix(StrategyFacts result) => result.SizeSetsWork
        ? "raise -Size"
        : "give each task more work through the ScriptBlock's own parameters (its -ArgumentList, or $Size if it reads it)";
}

/// <summary>More speedup than min(parallel, cores) allows: not a real gain but a slowed baseline.</summary>
public sealed class SuperlinearWarning : IWarningRule
{
    public Conclusion? Warn(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!SuperlinearVerdict.IsBeyondBound(result, baseline)) return null;
        var s = result.Speedup!.Value;
        return Conclusion.Warning(ConclusionId.Superlinear,
            VerdictRules.F($"speedup {s:0.00}× is {SuperlinearVerdict.Beyond(result.SpeedupBound(baseline), result.Parallel, result.Cores)}: {Cause(result)}"),
            VerdictRules.SpeedupFigures(result, baseline));
    }

    internal static string Cause(StrategyFacts result) => result.TaskInflation is { } inflation && inflation > 0 && inflation < 1
        ? VerdictRules.F($"the baseline's tasks ran {1 / inflation:0.0}× slower than these (cache, memory or GC)")
        : "the baseline ran slower than its tasks explain (cache, memory, GC or other load)";
}

/// <summary>Tasks that are themselves parallel, run side by side on too few cores.</summary>
public sealed class NestedParallelismWarning : IWarningRule
{
    public Conclusion? Warn(StrategyFacts result, StrategyFacts? baseline)
    {
        var wanted = result.Parallel * result.CoresPerTask;
        // Start-Job's task CPU is its whole new process's, which is still compiling PowerShell on other threads.
        if (result.Strategy.StartsProcessPerTask()) return null;
        // Tasks too short to time well (another warning) give no trustworthy ratio of CPU to wall time.
        if (result.TaskMean < Thresholds.MinimumTaskSeconds) return null;
        if (result.CoresPerTask < Thresholds.ParallelTask || wanted <= result.Cores * Thresholds.SuperlinearTolerance) return null;
        return Conclusion.Warning(ConclusionId.NestedParallelism,
            VerdictRules.F($"nested parallelism: each task kept {result.CoresPerTask:0.0} cores busy and {result.Parallel} ran at once, {wanted:0.0} cores wanted of {result.Cores}"),
            (nameof(result.CoresPerTask), result.CoresPerTask), (FigureNames.Workers, result.Parallel), ("CoresWanted", wanted), (FigureNames.Cores, result.Cores));
    }
}

public sealed class BusyMachineWarning : IWarningRule
{
    public Conclusion? Warn(StrategyFacts result, StrategyFacts? baseline) => (result.OtherLoad ?? 0) < Thresholds.BusyShare ? null
        : Conclusion.Warning(ConclusionId.BusyMachine,
            VerdictRules.F($"machine busy: other processes used {result.OtherLoad!.Value * 100:0} % of the cores during these runs"),
            (nameof(result.OtherLoad), result.OtherLoad!.Value));
}

public sealed class GcModeDiffersWarning : IWarningRule
{
    public Conclusion? Warn(StrategyFacts result, StrategyFacts? baseline) =>
        baseline is null || ReferenceEquals(baseline, result) || result.GcMode.Length == 0 || baseline.GcMode.Length == 0 || result.GcMode == baseline.GcMode ? null
            : Conclusion.Warning(ConclusionId.GcModeDiffers, $"GC differs from the baseline's: {result.GcMode} here, {baseline.GcMode} for {baseline.Strategy}");
}

/// <summary>When the GC is why threads did not scale, what to measure next.</summary>
public sealed class GcAdviceWarning : IWarningRule
{
    public Conclusion? Warn(StrategyFacts result, StrategyFacts? baseline) =>
        result.Strategy.Has(Strategies.StrategyTraits.SharedHeapThreads) && result.GcPauseShare >= Thresholds.GcPauses && !VerdictRules.Scales(result, baseline)
            ? Conclusion.Hint(ConclusionId.GcAdvice,
                VerdictRules.F($"the GC stopped these threads {result.GcPauseShare * 100:0} % of the time: one process has one heap, so try processes, or the same threads under server GC with -Strategy Processes -Workers 1 -ThreadsPerWorker {result.Workers} -GcMode Server"),
                (nameof(result.GcPauseShare), result.GcPauseShare))
            : null;
}

/// <summary>Failures outside the median run would otherwise go unseen.</summary>
public sealed class FailedRepeatsWarning : IWarningRule
{
    public Conclusion? Warn(StrategyFacts result, StrategyFacts? baseline) => result.FailedTasks == 0 ? null
        : Conclusion.Warning(ConclusionId.FailedTasks,
            VerdictRules.F($"{result.FailedTasks} of {result.Tasks * result.Repeat} tasks failed or were cancelled over {result.Repeat} run(s)"),
            (nameof(result.FailedTasks), result.FailedTasks), (nameof(result.Tasks), result.Tasks * result.Repeat), (nameof(result.Repeat), result.Repeat));
}
