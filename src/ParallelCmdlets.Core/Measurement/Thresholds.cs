namespace ParallelCmdlets.Measurement;

/// <summary>
/// Every limit the verdict and warning rules judge a result by, in one place, each with why it is where it is. The
/// rules (<see cref="VerdictRules"/>, <see cref="WarningRules"/>, Sampling.ModalityRule) name these; nothing else holds
/// a number they compare with. How long to measure (the stopping, warm-up and disturbed-run rules of Sampling) is not a
/// judgement: those defaults stay with their rules, which the cmdlets' parameters override.
/// </summary>
public static class Thresholds
{
    // Scaling and its bound.

    /// <summary>Scales when the speedup reaches this share of the bound: three quarters of min(workers, cores) is what a healthy pool reaches with its own overhead.</summary>
    public const double ScalingShare = 0.75;

    /// <summary>And gains at least this much: below 1.2× a speedup is too small to call scaling whatever the bound.</summary>
    public const double MinimumGain = 1.2;

    /// <summary>A baseline that kept under half a core busy mostly waits: its tasks are bound by the workers, not the cores.</summary>
    public const double WaitingBaselineCoresPerTask = 0.5;

    /// <summary>Speedup above the bound by more than this factor is beyond measurement noise (with an interval that lies above it too).</summary>
    public const double SuperlinearTolerance = 1.05;

    /// <summary>Without an interval (one run each), only this far above the bound is superlinear: one baseline run that paid a collection is not a finding.</summary>
    public const double SuperlinearSingleRunTolerance = 1.5;

    // What each task did, without a baseline.

    /// <summary>Cores busy per task from which a task computes throughout: above 0.8 the rest is scheduling noise.</summary>
    public const double ComputingCoresPerTask = 0.8;

    /// <summary>Cores busy per task under which a task mostly waits: a fifth of a core is bookkeeping around a wait.</summary>
    public const double WaitingCoresPerTask = 0.2;

    // PowerShell's tools.

    /// <summary>Serialisation is named as Start-Job's cause when it is at least half of the per-task overhead.</summary>
    public const double SerialisationShare = 0.5;

    /// <summary>CPU per task, over the baseline's, from which a dot-sourced script did more work: twice is beyond noise and caches.</summary>
    public const double UnoptimizedMoreWork = 2;

    /// <summary>Without intervals, a tool's fixed form must be 10 % faster than the row as written to be called faster.</summary>
    public const double WrappedSingleRunGain = 1.1;

    // Moving data.

    /// <summary>Share of task time spent moving data (or crossing remoting) above which it is the story: a quarter is more than any other single cost.</summary>
    public const double TransferShare = 0.25;

    /// <summary>
    /// Payload bytes per task from which moving them can be the cause: a Unix socket moves 64 KiB in tens of
    /// microseconds, about what handing a task over and back costs anyway, so below it the time is the hand-off.
    /// </summary>
    public const long CopyingBytesPerTask = 64 * 1024;

    /// <summary>Remote: CLIXML bytes per task from which serialisation, not the round trip, is named (remoting writes it element by element).</summary>
    public const double RemoteSerialisationBytes = 64 * 1024;

    // The machine and the runtime.

    /// <summary>Other processes' share of the cores from which the machine is called busy: a quarter of the cores is a worker's worth on most machines.</summary>
    public const double BusyShare = 0.25;

    /// <summary>Sequential CPU use (share of all cores) above which the cores were already busy: the task itself is parallel.</summary>
    public const double BusyCores = 0.75;

    /// <summary>With the cores already busy, a speedup under 1.3× is no real gain.</summary>
    public const double NoRealGain = 1.3;

    /// <summary>Share of the task threads' time stopped by the GC from which collections are the story.</summary>
    public const double GcPauses = 0.15;

    /// <summary>Task slowdown, beyond the expected stretch, above which tasks are said to contend: 1.4× is past what caches and turbo explain.</summary>
    public const double Contention = 1.4;

    /// <summary>Oversubscription stretches tasks noticeably from this factor: below it the contention sentence leaves the expected stretch out.</summary>
    public const double NoticeableStretch = 1.05;

    /// <summary>Without an interval, a speedup this close to 1 is no gain: the tie threshold of the comparison itself.</summary>
    public const double NoGainTolerance = RunStatistics.TieThreshold;

    // The numbers themselves.

    /// <summary>Coefficient of variation of elapsed times above which the runs are too noisy to trust closely: 10 %, twice the tie threshold.</summary>
    public const double MaxCoefficientOfVariation = 0.10;

    /// <summary>Mean task time under which timer resolution and dispatch overhead blur the figures: a millisecond.</summary>
    public const double MinimumTaskSeconds = 0.001;

    /// <summary>Cores a task keeps busy above which it is itself parallel: one and a half cores is more than a busy thread and its GC.</summary>
    public const double ParallelTask = 1.5;

    // Runs in separate groups (the SeveralModes warning, see Sampling.ModalityRule).

    /// <summary>BenchmarkDotNet's threshold: an mValue above 2.8 "may be multimodal".</summary>
    public const double MValue = 2.8;

    /// <summary>Two runs whose times differ by this factor with nothing between them are not one mode's spread.</summary>
    public const double ModeGapRatio = 2.0;

    /// <summary>Runs a group needs to be a mode: a group of one run is an outlier.</summary>
    public const int MinimumModeRuns = 2;

    /// <summary>Collections explain the slow group when their extra pause is at least a quarter of the time it lost.</summary>
    public const double ModeGapExplainedByPauses = 0.25;

    /// <summary>Or when the slow runs average half a gen2 collection more: a full collection in every other run.</summary>
    public const double ModeGen2Difference = 0.5;

    /// <summary>Other load explains the slow group when it took a tenth of the cores more during it than during the fast.</summary>
    public const double ModeLoadDifference = 0.1;
}
