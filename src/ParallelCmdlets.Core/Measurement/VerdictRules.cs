using System.Globalization;

namespace ParallelCmdlets.Measurement;

/// <summary>One reason a strategy was as fast as it was, or null when the reason is not this one.</summary>
public interface IVerdictRule
{
    string? Explain(StrategyFacts result, StrategyFacts? baseline);
}

/// <summary>
/// The verdict rules in the order they are tried; the first that speaks gives the verdict. The order matters
/// and is tested: a run that scales is never told it contends, and a result beyond what the cores allow is
/// flagged before it is praised.
/// </summary>
public static class VerdictRules
{
    public static readonly IReadOnlyList<IVerdictRule> InOrder =
    [
        new FailedTasksVerdict(),
        new BaselineVerdict(),
        new NoBaselineVerdict(),
        new WrappedFormVerdict(),
        new SuperlinearVerdict(),
        new ScalesVerdict(),
        new ToolOverheadVerdict(),
        new UnoptimizedScriptVerdict(),
        new RemoteCrossingVerdict(),
        new CopyingVerdict(),
        new HandOffVerdict(),
        new BusyMachineVerdict(),
        new CoresAlreadyBusyVerdict(),
        new GcPausesVerdict(),
        new ContentionVerdict(),
        new NoGainVerdict(),
        new OverheadVerdict(),
        new PartialGainVerdict(),
    ];

    /// <summary>The first rule's sentence, with the strategies it ties with.</summary>
    public static string Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        var verdict = InOrder.Select(rule => rule.Explain(result, baseline)).First(v => v is not null)!;
        return result.TiedWith.Count == 0 ? verdict : $"{verdict}; tie with {string.Join(", ", result.TiedWith)}";
    }

    internal static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>"1 worker", "2 workers".</summary>
    internal static string Count(int count, string noun) => F($"{count} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>Scales when it reaches this share of the bound (and at least <see cref="MinimumGain"/>).</summary>
    public const double ScalingShare = 0.75;
    public const double MinimumGain = 1.2;

    internal static bool Scales(StrategyFacts result, StrategyFacts? baseline) =>
        result.Speedup is { } s && s > MinimumGain && s >= ScalingShare * result.SpeedupBound(baseline);
}

public sealed class FailedTasksVerdict : IVerdictRule
{
    public string? Explain(StrategyFacts result, StrategyFacts? baseline) => result.FailedTasks == 0 ? null
        : VerdictRules.F($"{result.FailedTasks} of {result.Tasks * result.Repeat} tasks did not complete{(result.StoppedAfterFailure ? ", every task of a run failed, so its other repeats were not run" : "")}; no speedup or fastest for a time with failed tasks: see errors");
}

public sealed class BaselineVerdict : IVerdictRule
{
    public string? Explain(StrategyFacts result, StrategyFacts? baseline) => result.Strategy != Strategy.Sequential ? null
        : VerdictRules.F($"baseline: one task at a time, {result.CpuUtilization * 100:0} % CPU");
}

/// <summary>
/// Without a Sequential baseline there is no speedup to explain: the verdict says what the strategy's own figures
/// show, where its tasks' time went (moving data, GC pauses) or how busy each kept a core.
/// </summary>
public sealed class NoBaselineVerdict : IVerdictRule
{
    /// <summary>Cores busy per task from which a task is computing throughout, and under which it mostly waits.</summary>
    public const double ComputingCoresPerTask = 0.8, WaitingCoresPerTask = 0.2;

    public string? Explain(StrategyFacts result, StrategyFacts? baseline) =>
        result.BaselineFailedTasks > 0 ? VerdictRules.F($"no speedup: {VerdictRules.Count(result.BaselineFailedTasks, "task")} of the Sequential baseline did not complete, so its time does not stand for the work")
        : baseline is null || result.Speedup is null ? OwnFigures(result) : null;

    internal static string OwnFigures(StrategyFacts result)
    {
        if (CopyingVerdict.SpendsTimeMoving(result))
            return VerdictRules.F($"copying: {result.TransferShare * 100:0} % of task time moved data{CopyingVerdict.Advice(result)}");
        if (result.GcPauseShare >= GcPausesVerdict.GcPauses)
            return VerdictRules.F($"GC stopped the tasks {result.GcPauseShare * 100:0} % of the time");
        return result.CoresPerTask switch
        {
            >= ComputingCoresPerTask => VerdictRules.F($"computing: each task kept {result.CoresPerTask:0.00} of a core busy"),
            < WaitingCoresPerTask => VerdictRules.F($"waiting: each task kept {result.CoresPerTask:0.00} of a core busy"),
            _ => VerdictRules.F($"part waiting or contending: each task kept {result.CoresPerTask:0.00} of a core busy"),
        };
    }
}

/// <summary>More speedup than the workers and cores can give: the baseline was slowed by something else.</summary>
public sealed class SuperlinearVerdict : IVerdictRule
{
    /// <summary>Speedup above the bound by more than this factor is beyond measurement noise.</summary>
    public const double Tolerance = 1.05;

    /// <summary>
    /// With no interval (a single run of each), a speedup must exceed the bound by this factor to be flagged: one
    /// run of the baseline that happened to pay a collection is not a finding.
    /// </summary>
    public const double SingleRunTolerance = 1.5;

    /// <summary>
    /// Beyond the bound by more than noise: the speedup exceeds it by <see cref="Tolerance"/> and its interval lies
    /// above the bound (one slow baseline run among noisy ones is not a finding); without an interval, only by
    /// <see cref="SingleRunTolerance"/>.
    /// </summary>
    public static bool IsBeyondBound(StrategyFacts result, StrategyFacts? baseline)
    {
        var bound = result.SpeedupBound(baseline);
        if (result.Speedup is not { } s) return false;
        return result.SpeedupLow is { } low ? s > bound * Tolerance && low > bound : s > bound * SingleRunTolerance;
    }

    public string? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!IsBeyondBound(result, baseline)) return null;
        var (s, bound) = (result.Speedup!.Value, result.SpeedupBound(baseline));
        return VerdictRules.F($"superlinear: {s:0.00}× is beyond the {bound:0.0}× that {VerdictRules.Count(result.Parallel, "worker")} on {VerdictRules.Count(result.Cores, "core")} allow; {SuperlinearWarning.Cause(result)}");
    }
}

/// <summary>Close to what the cores (or workers) allow; says so when more workers than cores share them.</summary>
public sealed class ScalesVerdict : IVerdictRule
{
    public string? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!VerdictRules.Scales(result, baseline)) return null;
        var s = result.Speedup!.Value;
        var bound = result.SpeedupBound(baseline);
        // Above the bound but not beyond it with confidence (the superlinear rule comes first): say so, within noise.
        var of = s > bound * SuperlinearVerdict.Tolerance ? "above" : "of";
        var noise = of == "above" ? ", within noise" : "";
        if (baseline is not null && baseline.CoresPerTask < 0.5)
            return VerdictRules.F($"waiting, not computing: {s:0.0}× {of} the {bound:0.0}× that {VerdictRules.Count(result.Parallel, "worker")} allow{noise}");
        var limit = result.Parallel <= result.Cores ? VerdictRules.Count(result.Parallel, "worker") : VerdictRules.Count(result.Cores, "core");
        var sharing = result.Parallel > result.Cores ? VerdictRules.F($", {result.Parallel} workers share them") : "";
        return VerdictRules.F($"scales: {s:0.0}× {of} the {bound:0.0}× that {limit} allow{sharing}{noise}");
    }
}

/// <summary>
/// One of PowerShell's tools spends more per task starting it and handing its result back than the task spends
/// working: the cause is the tool's per-task cost (a runspace, a pwsh process, serialisation), not the work.
/// </summary>
public sealed class ToolOverheadVerdict : IVerdictRule
{
    /// <summary>Serialisation is named as the cause when it is at least this share of the per-task overhead.</summary>
    public const double SerialisationShare = 0.5;

    public string? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!result.Strategy.IsPowerShellTool()) return null;
        var overhead = result.OverheadPerTask;
        if (overhead <= result.ComputeMean || overhead <= 0) return null;
        var task = VerdictRules.F($"more than the task itself ({Ms(result.ComputeMean)})");
        // Only Start-Job's results are serialised; in-process tools hand them over by reference, in their own order.
        if (result.Strategy.StartsProcessPerTask() && result.ReturnMean >= SerialisationShare * overhead)
            return VerdictRules.F($"{Ms(result.ReturnMean)} per task serialising results back, {Ms(overhead)} per task in all: {task}");
        var cause = result.Strategy switch
        {
            Strategy.Job => "starting a pwsh process",
            Strategy.RunspacePool => "handing work to the pool and back",
            _ => "starting runspaces",
        };
        return VerdictRules.F($"{Ms(overhead)} per task {cause}: {task}");
    }

    internal static string Ms(double seconds) => Reports.TimeFormat.Figure(seconds);
}

/// <summary>
/// Each task of an in-process PowerShell tool did more work than alone: more CPU per task, not waiting. ForEach-Object
/// -Parallel, Start-ThreadJob and a RunspacePool fed with AddScript run a script dot-sourced into their runspace,
/// where PowerShell keeps variables in a dictionary instead of its optimised locals, so a variable-heavy script
/// runs several times slower there than in a script block of its own (Sequential, Threads, Processes).
/// </summary>
public sealed class UnoptimizedScriptVerdict : IVerdictRule
{
    /// <summary>CPU per task, against the baseline's, from which the task did more work, beyond noise and caches.</summary>
    public const double MoreWork = 2;

    public string? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!result.Strategy.IsPowerShellTool() || result.Strategy.StartsProcessPerTask() || result.Wrapped || baseline is not { CpuPerTask: > 0 }) return null;
        var ratio = result.CpuPerTask / baseline.CpuPerTask;
        if (ratio < MoreWork) return null;
        // The fix users can apply: a block of its own gets optimised locals again (measured: 474 ms down to 50 ms).
        var fix = result.Strategy == Strategy.RunspacePool ? "use AddScript(script, $true)" : "wrap the work in & { }";
        return VerdictRules.F($"script runs {ratio:0.0}× slower here: each task used {ToolOverheadVerdict.Ms(result.CpuPerTask)} of CPU, {ToolOverheadVerdict.Ms(baseline.CpuPerTask)} alone; {result.Strategy} runs it dot-sourced, without PowerShell's optimised local variables: {fix}");
    }
}

/// <summary>
/// A tool's row as written, with its fixed form measured beside it: the verdict quotes both figures, "as written
/// 0.12×; wrapped in & { } 0.95× (0.90–1.01)", and names the cause when the fixed form is faster beyond noise.
/// It comes before the rules on scaling and overhead: the two figures side by side are what the user acts on.
/// </summary>
public sealed class WrappedFormVerdict : IVerdictRule
{
    /// <summary>Without intervals, the fixed form must be this much faster to be called faster.</summary>
    public const double SingleRunGain = 1.1;

    public string? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (result.Wrapped || result.Speedup is not { } asWritten || result.WrappedSpeedup is not { } wrapped) return null;
        var form = result.Strategy == Strategy.RunspacePool ? "with AddScript(script, $true)" : "wrapped in & { }";
        var figures = VerdictRules.F($"as written {Times(asWritten)}; {form} {Times(wrapped)}{Interval(result.WrappedSpeedupLow, result.WrappedSpeedupHigh)}");
        return IsFaster(result)
            ? VerdictRules.F($"{figures}: {result.Strategy} runs it dot-sourced, without PowerShell's optimised local variables")
            : figures + ": no faster beyond noise with a scope of its own";
    }

    /// <summary>The fixed form is faster beyond noise: its interval lies above this row's, or (one run each) by <see cref="SingleRunGain"/>.</summary>
    public static bool IsFaster(StrategyFacts result) =>
        result.WrappedSpeedupLow is { } low && result.SpeedupHigh is { } high
            ? low > high
            : result.WrappedSpeedup > result.Speedup * SingleRunGain;

    internal static string Times(double value) => VerdictRules.F($"{value:0.00}×");

    internal static string Interval(double? low, double? high) =>
        low is { } l && high is { } h && h > l ? VerdictRules.F($" ({l:0.00}–{h:0.00})") : "";
}

/// <summary>
/// Remote: the tasks spent much of their time crossing remoting. With large arguments or results the cause is
/// serialisation (remoting writes CLIXML element by element); with small ones, the round trip every task pays.
/// </summary>
public sealed class RemoteCrossingVerdict : IVerdictRule
{
    /// <summary>Share of task time spent crossing (to the host and back) above which it is the story.</summary>
    public const double CrossingShare = 0.25;

    /// <summary>CLIXML bytes per task from which serialisation, not the round trip, is named.</summary>
    public const double SerialisationBytes = 64 * 1024;

    public string? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!result.Strategy.IsRemote() || result.TransferShare < CrossingShare) return null;
        var crossing = result.SendMean + result.ReturnMean;
        var share = VerdictRules.F($"{result.TransferShare * 100:0} % of task time");
        if (result.BytesPerTask >= SerialisationBytes)
            return VerdictRules.F($"serialisation dominates: {ToolOverheadVerdict.Ms(crossing)} per task moving {Reports.TimeFormat.Bytes((long)result.BytesPerTask)} of CLIXML through remoting ({share}); return less, or reduce the data on the host");
        return VerdictRules.F($"round trips dominate: {ToolOverheadVerdict.Ms(crossing)} per task to the host and back ({share}), the task itself {ToolOverheadVerdict.Ms(result.ComputeMean)}; give each task more work");
    }
}

/// <summary>
/// Tasks spent much of their time moving data between processes, and data did move: the bytes are the story. Under
/// -TransferMode SharedMemory no bytes cross the socket, but the argument is still copied into its map, which is
/// what that time holds. Where the workload could leave its data in shared memory, the verdict says to try it.
/// </summary>
public sealed class CopyingVerdict : IVerdictRule
{
    /// <summary>Share of task time spent moving data above which copying is the story.</summary>
    public const double CopyingShare = 0.25;

    /// <summary>
    /// Payload bytes per task from which moving them can be the cause: a Unix socket moves 64 KiB in tens of
    /// microseconds, about what handing a task over and back costs anyway, so below it the time is the hand-off.
    /// </summary>
    public const long CopyingBytesPerTask = 64 * 1024;

    internal static bool SpendsTimeMoving(StrategyFacts result) =>
        // In-process tools hand results over by reference: their wait for the caller is not copying.
        result.TransferShare >= CopyingShare && !(result.Strategy.IsPowerShellTool() && !result.Strategy.StartsProcessPerTask());

    /// <summary>
    /// The module's worker processes count the bytes they move; Start-Job serialises inside PowerShell, uncounted,
    /// so its time handing results back is taken as copying, as before.
    /// </summary>
    internal static bool MovedTooFewBytes(StrategyFacts result) =>
        result.Strategy == Strategy.Processes && result.TransferMode == TransferMode.Copy && result.BytesPerTask < CopyingBytesPerTask;

    /// <summary>What to try when copying arrays through the socket is the story, with or without a baseline.</summary>
    internal static string Advice(StrategyFacts result) =>
        result.Strategy == Strategy.Processes && result.NumericPayload && result.TransferMode == TransferMode.Copy && !MovedTooFewBytes(result)
            ? "; try -TransferMode SharedMemory" : "";

    public string? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!SpendsTimeMoving(result)) return null;
        var share = result.TransferShare * 100;
        if (result.TransferMode == TransferMode.SharedMemory)
            return VerdictRules.F($"copying dominates: {share:0} % of time copied data into shared memory and handed it over, no bytes through the socket");
        if (MovedTooFewBytes(result)) return null;
        return VerdictRules.F($"copying dominates: {share:0} % of time moved data{Advice(result)}");
    }
}

/// <summary>
/// The time between a process task's argument leaving and its result arriving, beyond the task's own work, with
/// next to no bytes to move: what each task costs is the hand-off itself (a message, a wake-up, a reply).
/// </summary>
public sealed class HandOffVerdict : IVerdictRule
{
    public string? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!CopyingVerdict.SpendsTimeMoving(result) || !CopyingVerdict.MovedTooFewBytes(result)) return null;
        var moved = result.BytesMoved == 0 ? "no data to move" : VerdictRules.F($"only {Reports.TimeFormat.Bytes((long)result.BytesPerTask)} per task to move");
        return VerdictRules.F($"per-task overhead: {result.TransferShare * 100:0} % of time went to handing tasks over and back, with {moved}");
    }
}

/// <summary>Other processes took cores during these runs (machine-wide CPU from /proc/stat, less ours).</summary>
public sealed class BusyMachineVerdict : IVerdictRule
{
    public const double BusyShare = 0.25;

    public string? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        var other = Math.Max(result.OtherLoad ?? 0, baseline?.OtherLoad ?? 0);
        return other < BusyShare ? null : VerdictRules.F($"machine busy with other work: other processes used {other * 100:0} % of the cores");
    }
}

/// <summary>One task at a time already kept the cores busy: the task itself is parallel.</summary>
public sealed class CoresAlreadyBusyVerdict : IVerdictRule
{
    /// <summary>Sequential CPU use (share of all cores) above which the cores were already busy.</summary>
    public const double BusyCores = 0.75;
    public const double NoRealGain = 1.3;

    public string? Explain(StrategyFacts result, StrategyFacts? baseline) =>
        baseline is not null && baseline.CpuUtilization >= BusyCores && result.Cores > 1 && (result.Speedup ?? 1) < NoRealGain
            ? VerdictRules.F($"cores already busy: sequential CPU use {baseline.CpuUtilization * 100:0} %")
            : null;
}

/// <summary>One process has one heap: a collection stops all its threads, so allocating tasks wait on each other.</summary>
public sealed class GcPausesVerdict : IVerdictRule
{
    public const double GcPauses = 0.15;

    public string? Explain(StrategyFacts result, StrategyFacts? baseline) => result.GcPauseShare < GcPauses ? null
        : VerdictRules.F($"GC stopped the tasks {result.GcPauseShare * 100:0} % of the time");
}

/// <summary>Tasks slower than alone by more than oversubscription explains.</summary>
public sealed class ContentionVerdict : IVerdictRule
{
    /// <summary>Task slowdown, beyond the expected stretch, above which tasks are said to contend.</summary>
    public const double Contention = 1.4;

    public string? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        var inflation = result.TaskInflation ?? 1;
        var expected = result.ExpectedStretch(baseline);
        if (inflation < Contention * expected) return null;
        return expected > 1.05
            ? VerdictRules.F($"tasks contend: each {inflation:0.0}× slower than alone, {expected:0.0}× expected from sharing {result.Cores} cores")
            : VerdictRules.F($"tasks contend: each {inflation:0.0}× slower than alone");
    }
}

/// <summary>Neither faster nor slower than one task at a time, within noise: no gain, and no loss either.</summary>
public sealed class NoGainVerdict : IVerdictRule
{
    /// <summary>Without an interval, a speedup this close to 1 is no gain.</summary>
    public const double Tolerance = RunStatistics.TieThreshold;

    public string? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (result.Speedup is not { } s) return null;
        var withinNoise = result.SpeedupLow is { } low && result.SpeedupHigh is { } high ? low <= 1 && 1 <= high : Math.Abs(s - 1) <= Tolerance;
        return withinNoise ? VerdictRules.F($"no gain: {s:0.00}×, within noise of one task at a time") : null;
    }
}

public sealed class OverheadVerdict : IVerdictRule
{
    public string? Explain(StrategyFacts result, StrategyFacts? baseline) =>
        result.Speedup is { } s && s < 1 ? VerdictRules.F($"overhead outweighs the work: {1 / s:0.00}× slower") : null;
}

public sealed class PartialGainVerdict : IVerdictRule
{
    public string? Explain(StrategyFacts result, StrategyFacts? baseline) =>
        VerdictRules.F($"partial gain: {result.Speedup ?? 1:0.0}× with {result.Parallel} workers, {result.Cores} cores");
}
