using System.Globalization;

namespace ParallelCmdlets.Measurement;

/// <summary>Something a careful reader should know about a result, or null.</summary>
public interface IWarningRule
{
    string? Warn(StrategyFacts result, StrategyFacts? baseline);
}

/// <summary>The warnings benchmark users expect, each a small rule with its limit as a named constant.</summary>
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

    public static IReadOnlyList<string> Collect(StrategyFacts result, StrategyFacts? baseline) =>
        All.Select(rule => rule.Warn(result, baseline)).OfType<string>()
            .Select(w => w.Replace(StrategyResult.WarningSeparator, ", ", StringComparison.Ordinal)).ToList();

    internal static string Seconds(double seconds) => Reports.TimeFormat.Seconds(seconds);
}

/// <summary>Too few runs for the test to name a winner at the stated confidence.</summary>
public sealed class FewRepeatsWarning : IWarningRule
{
    public string? Warn(StrategyFacts result, StrategyFacts? baseline) =>
        result.StrategiesCompared < 2 || result.Repeat >= RunStatistics.RepeatsNeeded ? null
            : VerdictRules.F($"{result.Repeat} repeat(s) cannot tell strategies apart at {RunStatistics.ConfidenceLevel * 100:0} % confidence: no winner is named, so use -Repeat {RunStatistics.RepeatsNeeded} or more");
}

public sealed class NoisyRunsWarning : IWarningRule
{
    /// <summary>Coefficient of variation of elapsed times above which the runs are too noisy to trust closely.</summary>
    public const double MaxCoefficientOfVariation = 0.10;

    public string? Warn(StrategyFacts result, StrategyFacts? baseline) => result.ElapsedCV <= MaxCoefficientOfVariation ? null
        : VerdictRules.F($"noisy runs: elapsed varied {result.ElapsedCV * 100:0} % (coefficient of variation, limit {MaxCoefficientOfVariation * 100:0} %), so close other programs or raise -Repeat");
}

public sealed class OutliersWarning : IWarningRule
{
    public string? Warn(StrategyFacts result, StrategyFacts? baseline) => result.Outliers.Count == 0 ? null
        : VerdictRules.F($"{result.Outliers.Count} outlier run(s) of {result.Repeat} (Tukey's fences): {string.Join(", ", result.Outliers.Select(WarningRules.Seconds))}");
}

public sealed class ShortTasksWarning : IWarningRule
{
    /// <summary>Mean task time under which timer resolution and dispatch overhead blur the figures.</summary>
    public const double MinimumTaskSeconds = 0.001;

    public string? Warn(StrategyFacts result, StrategyFacts? baseline) =>
        result.TaskMean >= MinimumTaskSeconds || result.FailedTasksInMedianRun > 0 ? null
            : VerdictRules.F($"tasks too short to time well: {WarningRules.Seconds(result.TaskMean)} each on average (under {WarningRules.Seconds(MinimumTaskSeconds)}), so {Fix(result)}");

    /// <summary>The one fix that gives each task more work: -Size for a built-in workload, the code's own parameters for a ScriptBlock.</summary>
    internal static string Fix(StrategyFacts result) => result.SizeSetsWork
        ? "raise -Size"
        : "give each task more work through the ScriptBlock's own parameters (its -ArgumentList, or $Size if it reads it)";
}

/// <summary>More speedup than min(parallel, cores) allows: not a real gain but a slowed baseline.</summary>
public sealed class SuperlinearWarning : IWarningRule
{
    public string? Warn(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!SuperlinearVerdict.IsBeyondBound(result, baseline)) return null;
        var (s, bound) = (result.Speedup!.Value, result.SpeedupBound(baseline));
        return VerdictRules.F($"speedup {s:0.00}× is beyond the {bound:0.0}× that {VerdictRules.Count(result.Parallel, "worker")} on {VerdictRules.Count(result.Cores, "core")} allow: {Cause(result)}");
    }

    internal static string Cause(StrategyFacts result) => result.TaskInflation is { } inflation && inflation > 0 && inflation < 1
        ? VerdictRules.F($"the baseline's tasks ran {1 / inflation:0.0}× slower than these (cache, memory or GC)")
        : "the baseline ran slower than its tasks explain (cache, memory, GC or other load)";
}

/// <summary>Tasks that are themselves parallel, run side by side on too few cores.</summary>
public sealed class NestedParallelismWarning : IWarningRule
{
    /// <summary>Cores a task keeps busy above which it is itself parallel.</summary>
    public const double ParallelTask = 1.5;

    public string? Warn(StrategyFacts result, StrategyFacts? baseline)
    {
        var wanted = result.Parallel * result.CoresPerTask;
        // Start-Job's task CPU is its whole new process's, which is still compiling PowerShell on other threads.
        if (result.Strategy.StartsProcessPerTask()) return null;
        // Tasks too short to time well (another warning) give no trustworthy ratio of CPU to wall time.
        if (result.TaskMean < ShortTasksWarning.MinimumTaskSeconds) return null;
        if (result.CoresPerTask < ParallelTask || wanted <= result.Cores * SuperlinearVerdict.Tolerance) return null;
        return VerdictRules.F($"nested parallelism: each task kept {result.CoresPerTask:0.0} cores busy and {result.Parallel} ran at once, {wanted:0.0} cores wanted of {result.Cores}");
    }
}

public sealed class BusyMachineWarning : IWarningRule
{
    public string? Warn(StrategyFacts result, StrategyFacts? baseline) => (result.OtherLoad ?? 0) < BusyMachineVerdict.BusyShare ? null
        : VerdictRules.F($"machine busy: other processes used {result.OtherLoad!.Value * 100:0} % of the cores during these runs");
}

public sealed class GcModeDiffersWarning : IWarningRule
{
    public string? Warn(StrategyFacts result, StrategyFacts? baseline) =>
        baseline is null || ReferenceEquals(baseline, result) || result.GcMode.Length == 0 || baseline.GcMode.Length == 0 || result.GcMode == baseline.GcMode ? null
            : $"GC differs from the baseline's: {result.GcMode} here, {baseline.GcMode} for {baseline.Strategy}";
}

/// <summary>When the GC is why threads did not scale, what to measure next.</summary>
public sealed class GcAdviceWarning : IWarningRule
{
    public string? Warn(StrategyFacts result, StrategyFacts? baseline) =>
        result.Strategy == Strategy.Threads && result.GcPauseShare >= GcPausesVerdict.GcPauses && !VerdictRules.Scales(result, baseline)
            ? VerdictRules.F($"the GC stopped these threads {result.GcPauseShare * 100:0} % of the time: one process has one heap, so try processes, or the same threads under server GC with -Strategy Processes -Workers 1 -ThreadsPerWorker {result.Workers} -GcMode Server")
            : null;
}

/// <summary>Failures outside the median run would otherwise go unseen.</summary>
public sealed class FailedRepeatsWarning : IWarningRule
{
    public string? Warn(StrategyFacts result, StrategyFacts? baseline) => result.FailedTasks == 0 ? null
        : VerdictRules.F($"{result.FailedTasks} of {result.Tasks * result.Repeat} tasks failed or were cancelled over {result.Repeat} run(s)");
}
