using System.Globalization;

namespace ParallelCmdlets.Measurement;

/// <summary>One reason a strategy was as fast as it was, as a verdict, or null when the reason is not this one.</summary>
public interface IVerdictRule
{
    Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline);
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

    /// <summary>The first rule's verdict, then the tie with the strategies it ties with, if any.</summary>
    public static IReadOnlyList<Conclusion> Conclude(StrategyFacts result, StrategyFacts? baseline)
    {
        var verdict = InOrder.Select(rule => rule.Explain(result, baseline)).First(v => v is not null)!;
        return result.TiedWith.Count == 0 ? [verdict]
            : [verdict, Conclusion.Verdict(ConclusionId.Tie, $"tie with {string.Join(", ", result.TiedWith)}", ("Strategies", result.TiedWith.Count))];
    }

    /// <summary>The verdict as the Verdict column reads: the first rule's sentence, with the strategies it ties with.</summary>
    public static string Explain(StrategyFacts result, StrategyFacts? baseline) => new ConclusionList(Conclude(result, baseline)).VerdictText;

    internal static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>"1 worker", "2 workers".</summary>
    internal static string Count(int count, string noun) => F($"{count} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>Scales when it reaches <see cref="Thresholds.ScalingShare"/> of the bound, and at least <see cref="Thresholds.MinimumGain"/>.</summary>
    internal static bool Scales(StrategyFacts result, StrategyFacts? baseline) =>
        result.Speedup is { } s && s > Thresholds.MinimumGain && s >= Thresholds.ScalingShare * result.SpeedupBound(baseline);

    /// <summary>The figures of a speedup against its bound: the speedup, the bound, the tasks that could run at once and the cores.</summary>
    internal static (string, double)[] SpeedupFigures(StrategyFacts result, StrategyFacts? baseline) =>
    [
        (FigureNames.Speedup, result.Speedup ?? double.NaN), (FigureNames.Bound, result.SpeedupBound(baseline)),
        (FigureNames.Workers, result.Parallel), (FigureNames.Cores, result.Cores),
    ];
}

public sealed class FailedTasksVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline) => result.FailedTasks == 0 ? null
        : Conclusion.Verdict(ConclusionId.FailedTasks,
            VerdictRules.F($"{result.FailedTasks} of {result.Tasks * result.Repeat} tasks did not complete{(result.StoppedAfterFailure ? ", every task of a run failed, so its other repeats were not run" : "")}; no speedup or fastest for a time with failed tasks: see errors"),
            (nameof(result.FailedTasks), result.FailedTasks), (nameof(result.Tasks), result.Tasks * result.Repeat));
}

public sealed class BaselineVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline) => !result.Strategy.IsBaseline() ? null
        : Conclusion.Verdict(ConclusionId.Baseline, VerdictRules.F($"baseline: one task at a time, {result.CpuUtilization * 100:0} % CPU"),
            (nameof(result.CpuUtilization), result.CpuUtilization));
}

/// <summary>
/// Without a Sequential baseline there is no speedup to explain: the verdict says what the strategy's own figures
/// show, where its tasks' time went (moving data, GC pauses) or how busy each kept a core.
/// </summary>
public sealed class NoBaselineVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline) =>
        result.BaselineFailedTasks > 0
            ? Conclusion.Verdict(ConclusionId.BaselineFailed,
                VerdictRules.F($"no speedup: {VerdictRules.Count(result.BaselineFailedTasks, "task")} of the Sequential baseline did not complete, so its time does not stand for the work"),
                (nameof(result.BaselineFailedTasks), result.BaselineFailedTasks))
        : baseline is null || result.Speedup is null ? OwnFigures(result) : null;

    internal static Conclusion OwnFigures(StrategyFacts result)
    {
        if (CopyingVerdict.SpendsTimeMoving(result))
            return Conclusion.Verdict(ConclusionId.Copying, VerdictRules.F($"copying: {result.TransferShare * 100:0} % of task time moved data{CopyingVerdict.Advice(result)}"),
                (nameof(result.TransferShare), result.TransferShare));
        if (result.GcPauseShare >= Thresholds.GcPauses) return GcPausesVerdict.Pauses(result);
        var cores = (nameof(result.CoresPerTask), result.CoresPerTask);
        return result.CoresPerTask switch
        {
            >= Thresholds.ComputingCoresPerTask => Conclusion.Verdict(ConclusionId.Computing, VerdictRules.F($"computing: each task kept {result.CoresPerTask:0.00} of a core busy"), cores),
            < Thresholds.WaitingCoresPerTask => Conclusion.Verdict(ConclusionId.Waiting, VerdictRules.F($"waiting: each task kept {result.CoresPerTask:0.00} of a core busy"), cores),
            _ => Conclusion.Verdict(ConclusionId.PartWaiting, VerdictRules.F($"part waiting or contending: each task kept {result.CoresPerTask:0.00} of a core busy"), cores),
        };
    }
}

/// <summary>More speedup than the workers and cores can give: the baseline was slowed by something else.</summary>
public sealed class SuperlinearVerdict : IVerdictRule
{
    /// <summary>
    /// Beyond the bound by more than noise: the speedup exceeds it by <see cref="Thresholds.SuperlinearTolerance"/>
    /// and its interval lies above the bound (one slow baseline run among noisy ones is not a finding); without an
    /// interval, only by <see cref="Thresholds.SuperlinearSingleRunTolerance"/>.
    /// </summary>
    public static bool IsBeyondBound(StrategyFacts result, StrategyFacts? baseline)
    {
        var bound = result.SpeedupBound(baseline);
        if (result.Speedup is not { } s) return false;
        return result.SpeedupLow is { } low ? s > bound * Thresholds.SuperlinearTolerance && low > bound : s > bound * Thresholds.SuperlinearSingleRunTolerance;
    }

    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!IsBeyondBound(result, baseline)) return null;
        var s = result.Speedup!.Value;
        return Conclusion.Verdict(ConclusionId.Superlinear,
            VerdictRules.F($"superlinear: {s:0.00}× is {Beyond(result.SpeedupBound(baseline), result.Parallel, result.Cores)}; {SuperlinearWarning.Cause(result)}"),
            VerdictRules.SpeedupFigures(result, baseline));
    }

    /// <summary>"beyond the 2.0× that 2 workers on 2 cores allow": what the verdict, the warning and the timeline's flag say of the bound.</summary>
    public static string Beyond(double bound, int workers, int cores) =>
        VerdictRules.F($"beyond the {bound:0.0}× that {VerdictRules.Count(workers, "worker")} on {VerdictRules.Count(cores, "core")} allow");
}

/// <summary>Close to what the cores (or workers) allow; says so when more workers than cores share them.</summary>
public sealed class ScalesVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!VerdictRules.Scales(result, baseline)) return null;
        var s = result.Speedup!.Value;
        var bound = result.SpeedupBound(baseline);
        var figures = VerdictRules.SpeedupFigures(result, baseline);
        // Above the bound but not beyond it with confidence (the superlinear rule comes first): say so, within noise.
        var of = s > bound * Thresholds.SuperlinearTolerance ? "above" : "of";
        var noise = of == "above" ? ", within noise" : "";
        if (baseline is not null && baseline.CoresPerTask < Thresholds.WaitingBaselineCoresPerTask)
            return Conclusion.Verdict(ConclusionId.ScalesWaiting,
                VerdictRules.F($"waiting, not computing: {s:0.0}× {of} the {bound:0.0}× that {VerdictRules.Count(result.Parallel, "worker")} allow{noise}"), figures);
        var limit = result.Parallel <= result.Cores ? VerdictRules.Count(result.Parallel, "worker") : VerdictRules.Count(result.Cores, "core");
        var sharing = result.Parallel > result.Cores ? VerdictRules.F($", {result.Parallel} workers share them") : "";
        return Conclusion.Verdict(ConclusionId.Scales, VerdictRules.F($"scales: {s:0.0}× {of} the {bound:0.0}× that {limit} allow{sharing}{noise}"), figures);
    }
}

/// <summary>
/// One of PowerShell's tools spends more per task starting it and handing its result back than the task spends
/// working: the cause is the tool's per-task cost (a runspace, a pwsh process, serialisation), not the work.
/// </summary>
public sealed class ToolOverheadVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!result.Strategy.IsPowerShellTool()) return null;
        var overhead = result.OverheadPerTask;
        if (overhead <= result.ComputeMean || overhead <= 0) return null;
        var task = VerdictRules.F($"more than the task itself ({Ms(result.ComputeMean)})");
        (string, double)[] figures = [(nameof(result.OverheadPerTask), overhead), (nameof(result.ComputeMean), result.ComputeMean), (nameof(result.ReturnMean), result.ReturnMean)];
        // Only Start-Job's results are serialised; in-process tools hand them over by reference, in their own order.
        if (result.Strategy.StartsProcessPerTask() && result.ReturnMean >= Thresholds.SerialisationShare * overhead)
            return Conclusion.Verdict(ConclusionId.ToolSerialisation,
                VerdictRules.F($"{Ms(result.ReturnMean)} per task serialising results back, {Ms(overhead)} per task in all: {task}"), figures);
        var cause = result.Strategy.Toolchain().PerTaskCost;
        return Conclusion.Verdict(ConclusionId.ToolOverhead, VerdictRules.F($"{Ms(overhead)} per task {cause}: {task}"), figures);
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
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!result.Strategy.IsPowerShellTool() || result.Strategy.StartsProcessPerTask() || result.Wrapped || baseline is not { CpuPerTask: > 0 }) return null;
        var ratio = result.CpuPerTask / baseline.CpuPerTask;
        if (ratio < Thresholds.UnoptimizedMoreWork) return null;
        // The fix users can apply: a block of its own gets optimised locals again (measured: 474 ms down to 50 ms).
        var fix = result.Strategy.Toolchain().ScopeFix;
        return Conclusion.Verdict(ConclusionId.UnoptimizedScript,
            VerdictRules.F($"script runs {ratio:0.0}× slower here: each task used {ToolOverheadVerdict.Ms(result.CpuPerTask)} of CPU, {ToolOverheadVerdict.Ms(baseline.CpuPerTask)} alone; {result.Strategy} runs it dot-sourced, without PowerShell's optimised local variables: {fix}"),
            ("Ratio", ratio), (nameof(result.CpuPerTask), result.CpuPerTask), ("BaselineCpuPerTask", baseline.CpuPerTask));
    }
}

/// <summary>
/// A tool's row as written, with its fixed form measured beside it: the verdict quotes both figures, "as written
/// 0.12×; wrapped in & { } 0.95× (0.90–1.01)", and names the cause when the fixed form is faster beyond noise.
/// It comes before the rules on scaling and overhead: the two figures side by side are what the user acts on.
/// </summary>
public sealed class WrappedFormVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (result.Wrapped || result.Speedup is not { } asWritten || result.WrappedSpeedup is not { } wrapped) return null;
        var form = result.Strategy.Toolchain().WrappedFormPhrase;
        var text = VerdictRules.F($"as written {Times(asWritten)}; {form} {Times(wrapped)}{Interval(result.WrappedSpeedupLow, result.WrappedSpeedupHigh)}");
        (string, double)[] figures =
        [
            (FigureNames.Speedup, asWritten), (nameof(result.WrappedSpeedup), wrapped),
            (nameof(result.WrappedSpeedupLow), result.WrappedSpeedupLow ?? double.NaN), (nameof(result.WrappedSpeedupHigh), result.WrappedSpeedupHigh ?? double.NaN),
        ];
        return IsFaster(result)
            ? Conclusion.Verdict(ConclusionId.WrappedFaster, VerdictRules.F($"{text}: {result.Strategy} runs it dot-sourced, without PowerShell's optimised local variables"), figures)
            : Conclusion.Verdict(ConclusionId.WrappedNoFaster, text + ": no faster beyond noise with a scope of its own", figures);
    }

    /// <summary>The fixed form is faster beyond noise: its interval lies above this row's, or (one run each) by <see cref="Thresholds.WrappedSingleRunGain"/>.</summary>
    public static bool IsFaster(StrategyFacts result) =>
        result.WrappedSpeedupLow is { } low && result.SpeedupHigh is { } high
            ? low > high
            : result.WrappedSpeedup > result.Speedup * Thresholds.WrappedSingleRunGain;

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
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!result.Strategy.IsRemote() || result.TransferShare < Thresholds.TransferShare) return null;
        var crossing = result.SendMean + result.ReturnMean;
        var share = VerdictRules.F($"{result.TransferShare * 100:0} % of task time");
        (string, double)[] figures =
        [
            ("CrossingPerTask", crossing), (nameof(result.TransferShare), result.TransferShare),
            (nameof(result.BytesPerTask), result.BytesPerTask), (nameof(result.ComputeMean), result.ComputeMean),
        ];
        if (result.BytesPerTask >= Thresholds.RemoteSerialisationBytes)
            return Conclusion.Verdict(ConclusionId.RemoteSerialisation,
                VerdictRules.F($"serialisation dominates: {ToolOverheadVerdict.Ms(crossing)} per task moving {Reports.TimeFormat.Bytes((long)result.BytesPerTask)} of CLIXML through remoting ({share}); return less, or reduce the data on the host"),
                figures);
        return Conclusion.Verdict(ConclusionId.RemoteRoundTrips,
            VerdictRules.F($"round trips dominate: {ToolOverheadVerdict.Ms(crossing)} per task to the host and back ({share}), the task itself {ToolOverheadVerdict.Ms(result.ComputeMean)}; give each task more work"),
            figures);
    }
}

/// <summary>
/// Tasks spent much of their time moving data between processes, and data did move: the bytes are the story. Under
/// -TransferMode SharedMemory no bytes cross the socket, but the argument is still copied into its map, which is
/// what that time holds. Where the workload could leave its data in shared memory, the verdict says to try it.
/// </summary>
public sealed class CopyingVerdict : IVerdictRule
{
    internal static bool SpendsTimeMoving(StrategyFacts result) =>
        // In-process tools hand results over by reference: their wait for the caller is not copying.
        result.TransferShare >= Thresholds.TransferShare && !(result.Strategy.IsPowerShellTool() && !result.Strategy.StartsProcessPerTask());

    /// <summary>
    /// The module's worker processes count the bytes they move; Start-Job serialises inside PowerShell, uncounted,
    /// so its time handing results back is taken as copying, as before.
    /// </summary>
    internal static bool MovedTooFewBytes(StrategyFacts result) =>
        result.Strategy.RunsInWorkerProcesses() && result.TransferMode == TransferMode.Copy && result.BytesPerTask < Thresholds.CopyingBytesPerTask;

    /// <summary>What to try when copying arrays through the socket is the story, with or without a baseline.</summary>
    internal static string Advice(StrategyFacts result) =>
        result.Strategy.RunsInWorkerProcesses() && result.NumericPayload && result.TransferMode == TransferMode.Copy && !MovedTooFewBytes(result)
            ? "; try -TransferMode SharedMemory" : "";

    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!SpendsTimeMoving(result)) return null;
        var share = result.TransferShare * 100;
        (string, double)[] figures = [(nameof(result.TransferShare), result.TransferShare), (nameof(result.BytesPerTask), result.BytesPerTask)];
        if (result.TransferMode == TransferMode.SharedMemory)
            return Conclusion.Verdict(ConclusionId.Copying,
                VerdictRules.F($"copying dominates: {share:0} % of time copied data into shared memory and handed it over, no bytes through the socket"), figures);
        if (MovedTooFewBytes(result)) return null;
        return Conclusion.Verdict(ConclusionId.Copying, VerdictRules.F($"copying dominates: {share:0} % of time moved data{Advice(result)}"), figures);
    }
}

/// <summary>
/// The time between a process task's argument leaving and its result arriving, beyond the task's own work, with
/// next to no bytes to move: what each task costs is the hand-off itself (a message, a wake-up, a reply).
/// </summary>
public sealed class HandOffVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (!CopyingVerdict.SpendsTimeMoving(result) || !CopyingVerdict.MovedTooFewBytes(result)) return null;
        var moved = result.BytesMoved == 0 ? "no data to move" : VerdictRules.F($"only {Reports.TimeFormat.Bytes((long)result.BytesPerTask)} per task to move");
        return Conclusion.Verdict(ConclusionId.HandOff,
            VerdictRules.F($"per-task overhead: {result.TransferShare * 100:0} % of time went to handing tasks over and back, with {moved}"),
            (nameof(result.TransferShare), result.TransferShare), (nameof(result.BytesPerTask), result.BytesPerTask));
    }
}

/// <summary>Other processes took cores during these runs (machine-wide CPU from /proc/stat, less ours).</summary>
public sealed class BusyMachineVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        var other = Math.Max(result.OtherLoad ?? 0, baseline?.OtherLoad ?? 0);
        return other < Thresholds.BusyShare ? null
            : Conclusion.Verdict(ConclusionId.BusyMachine, VerdictRules.F($"machine busy with other work: other processes used {other * 100:0} % of the cores"),
                (nameof(result.OtherLoad), other));
    }
}

/// <summary>One task at a time already kept the cores busy: the task itself is parallel.</summary>
public sealed class CoresAlreadyBusyVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline) =>
        baseline is not null && baseline.CpuUtilization >= Thresholds.BusyCores && result.Cores > 1 && (result.Speedup ?? 1) < Thresholds.NoRealGain
            ? Conclusion.Verdict(ConclusionId.CoresAlreadyBusy, VerdictRules.F($"cores already busy: sequential CPU use {baseline.CpuUtilization * 100:0} %"),
                ("BaselineCpuUtilization", baseline.CpuUtilization))
            : null;
}

/// <summary>One process has one heap: a collection stops all its threads, so allocating tasks wait on each other.</summary>
public sealed class GcPausesVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline) => result.GcPauseShare < Thresholds.GcPauses ? null : Pauses(result);

    internal static Conclusion Pauses(StrategyFacts result) =>
        Conclusion.Verdict(ConclusionId.GcPauses, VerdictRules.F($"GC stopped the tasks {result.GcPauseShare * 100:0} % of the time"),
            (nameof(result.GcPauseShare), result.GcPauseShare));
}

/// <summary>Tasks slower than alone by more than oversubscription explains.</summary>
public sealed class ContentionVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        var inflation = result.TaskInflation ?? 1;
        var expected = result.ExpectedStretch(baseline);
        if (inflation < Thresholds.Contention * expected) return null;
        (string, double)[] figures = [(nameof(result.TaskInflation), inflation), ("ExpectedStretch", expected), (FigureNames.Cores, result.Cores)];
        return Conclusion.Verdict(ConclusionId.Contention, expected > Thresholds.NoticeableStretch
            ? VerdictRules.F($"tasks contend: each {inflation:0.0}× slower than alone, {expected:0.0}× expected from sharing {result.Cores} cores")
            : VerdictRules.F($"tasks contend: each {inflation:0.0}× slower than alone"), figures);
    }
}

/// <summary>Neither faster nor slower than one task at a time, within noise: no gain, and no loss either.</summary>
public sealed class NoGainVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline)
    {
        if (result.Speedup is not { } s) return null;
        var withinNoise = result.SpeedupLow is { } low && result.SpeedupHigh is { } high ? low <= 1 && 1 <= high : Math.Abs(s - 1) <= Thresholds.NoGainTolerance;
        return withinNoise ? Conclusion.Verdict(ConclusionId.NoGain, VerdictRules.F($"no gain: {s:0.00}×, within noise of one task at a time"), (FigureNames.Speedup, s)) : null;
    }
}

public sealed class OverheadVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline) =>
        result.Speedup is { } s && s < 1
            ? Conclusion.Verdict(ConclusionId.Overhead, VerdictRules.F($"overhead outweighs the work: {1 / s:0.00}× slower"), (FigureNames.Speedup, s))
            : null;
}

public sealed class PartialGainVerdict : IVerdictRule
{
    public Conclusion? Explain(StrategyFacts result, StrategyFacts? baseline) =>
        Conclusion.Verdict(ConclusionId.PartialGain, VerdictRules.F($"partial gain: {result.Speedup ?? 1:0.0}× with {result.Parallel} workers, {result.Cores} cores"),
            VerdictRules.SpeedupFigures(result, baseline));
}
