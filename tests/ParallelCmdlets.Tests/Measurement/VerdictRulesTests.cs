using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>Each verdict rule, alone on hand-made facts, concludes with its own id, as a verdict, with the figures it names.</summary>
public class VerdictRulesTests
{
    private static readonly StrategyFacts Computing = new() { Strategy = Strategy.Sequential, Tasks = 4, Cores = 2, CoresPerTask = 1, CpuPerTask = 0.1 };
    private static readonly StrategyFacts Waiting = Computing with { CoresPerTask = 0.01 };
    private static readonly StrategyFacts Threads = new() { Strategy = Strategy.Threads, Workers = 2, Tasks = 4, Cores = 2, Repeat = 5 };

    /// <summary>The rule, the facts that make it speak (and the baseline), and the id it must give.</summary>
    private static readonly Dictionary<string, (IVerdictRule Rule, StrategyFacts Result, StrategyFacts? Baseline, ConclusionId Id)> Cases = new()
    {
        ["failed tasks"] = (new FailedTasksVerdict(), Threads with { FailedTasks = 2 }, Computing, ConclusionId.FailedTasks),
        ["the baseline"] = (new BaselineVerdict(), Computing, Computing, ConclusionId.Baseline),
        ["a baseline with failed tasks"] = (new NoBaselineVerdict(), Threads with { BaselineFailedTasks = 1, Speedup = null }, Computing, ConclusionId.BaselineFailed),
        ["computing without a baseline"] = (new NoBaselineVerdict(), Threads with { CoresPerTask = 0.97 }, null, ConclusionId.Computing),
        ["waiting without a baseline"] = (new NoBaselineVerdict(), Threads with { CoresPerTask = 0.01 }, null, ConclusionId.Waiting),
        ["part waiting without a baseline"] = (new NoBaselineVerdict(), Threads with { CoresPerTask = 0.5 }, null, ConclusionId.PartWaiting),
        ["GC pauses without a baseline"] = (new NoBaselineVerdict(), Threads with { GcPauseShare = 0.4 }, null, ConclusionId.GcPauses),
        ["copying without a baseline"] = (new NoBaselineVerdict(), Threads with { Strategy = Strategy.Processes, TransferShare = 0.6 }, null, ConclusionId.Copying),
        ["a faster fixed form"] = (new WrappedFormVerdict(), Threads with
        {
            Strategy = Strategy.ForEachParallel, Speedup = 0.12, SpeedupLow = 0.10, SpeedupHigh = 0.14, WrappedSpeedup = 0.95, WrappedSpeedupLow = 0.90, WrappedSpeedupHigh = 1.01,
        }, Computing, ConclusionId.WrappedFaster),
        ["a fixed form no faster"] = (new WrappedFormVerdict(), Threads with
        {
            Strategy = Strategy.ThreadJob, Speedup = 0.50, SpeedupLow = 0.40, SpeedupHigh = 0.62, WrappedSpeedup = 0.55, WrappedSpeedupLow = 0.45, WrappedSpeedupHigh = 0.66,
        }, Computing, ConclusionId.WrappedNoFaster),
        ["superlinear"] = (new SuperlinearVerdict(), Threads with { Speedup = 2.8, SpeedupLow = 2.6, SpeedupHigh = 3.0 }, Computing, ConclusionId.Superlinear),
        ["scaling"] = (new ScalesVerdict(), Threads with { Speedup = 1.9 }, Computing, ConclusionId.Scales),
        ["scaling while waiting"] = (new ScalesVerdict(), Threads with { Workers = 4, Speedup = 3.9 }, Waiting, ConclusionId.ScalesWaiting),
        ["a tool's start-up"] = (new ToolOverheadVerdict(), Threads with { Strategy = Strategy.ThreadJob, Tasks = 8, Elapsed = 0.280, ComputeMean = 0.010 }, Computing, ConclusionId.ToolOverhead),
        ["Start-Job's serialisation"] = (new ToolOverheadVerdict(), Threads with { Strategy = Strategy.Job, Tasks = 8, Elapsed = 4.04, ComputeMean = 0.010, ReturnMean = 0.4 }, Computing,
            ConclusionId.ToolSerialisation),
        ["an unoptimised script"] = (new UnoptimizedScriptVerdict(), Threads with { Strategy = Strategy.ForEachParallel, CpuPerTask = 0.5 }, Computing, ConclusionId.UnoptimizedScript),
        ["remoting's round trips"] = (new RemoteCrossingVerdict(), Threads with { Strategy = Strategy.Remote, TransferShare = 0.5, BytesMoved = 4 * 600 }, Computing, ConclusionId.RemoteRoundTrips),
        ["remoting's serialisation"] = (new RemoteCrossingVerdict(), Threads with { Strategy = Strategy.Remote, TransferShare = 0.5, BytesMoved = 4L << 20 }, Computing,
            ConclusionId.RemoteSerialisation),
        ["copying"] = (new CopyingVerdict(), Threads with { Strategy = Strategy.Processes, TransferShare = 0.5, BytesMoved = 4L << 20 }, Computing, ConclusionId.Copying),
        ["the hand-off"] = (new HandOffVerdict(), Threads with { Strategy = Strategy.Processes, TransferShare = 0.5, BytesMoved = 0 }, Computing, ConclusionId.HandOff),
        ["a busy machine"] = (new BusyMachineVerdict(), Threads with { OtherLoad = 0.45 }, Computing, ConclusionId.BusyMachine),
        ["busy cores"] = (new CoresAlreadyBusyVerdict(), Threads with { Speedup = 1.0 }, Computing with { CpuUtilization = 0.98 }, ConclusionId.CoresAlreadyBusy),
        ["GC pauses"] = (new GcPausesVerdict(), Threads with { GcPauseShare = 0.3 }, Computing, ConclusionId.GcPauses),
        ["contention"] = (new ContentionVerdict(), Threads with { TaskInflation = 3 }, Computing, ConclusionId.Contention),
        ["no gain"] = (new NoGainVerdict(), Threads with { Speedup = 1.0 }, Computing, ConclusionId.NoGain),
        ["overhead"] = (new OverheadVerdict(), Threads with { Speedup = 0.5 }, Computing, ConclusionId.Overhead),
        ["a partial gain"] = (new PartialGainVerdict(), Threads with { Speedup = 1.1 }, Computing, ConclusionId.PartialGain),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_rule_concludes_with_its_own_id_as_a_verdict(string name)
    {
        var (rule, result, baseline, id) = Cases[name];

        var conclusion = rule.Explain(result, baseline);

        Assert.NotNull(conclusion);
        Assert.Equal(id, conclusion.Id);
        Assert.Equal(ConclusionKind.Verdict, conclusion.Kind);
        Assert.NotEqual("", conclusion.Sentence);
    }

    [Fact]
    public void Every_verdict_rule_has_a_case_here()
    {
        Assert.Equal(VerdictRules.InOrder.Select(r => r.GetType()).ToHashSet(), Cases.Values.Select(c => c.Rule.GetType()).ToHashSet());
    }

    [Fact]
    public void A_superlinear_verdict_carries_the_speedup_its_bound_the_workers_and_the_cores_as_figures()
    {
        var conclusion = new SuperlinearVerdict().Explain(Threads with { Speedup = 2.8, SpeedupLow = 2.6, SpeedupHigh = 3.0 }, Computing)!;

        Assert.Equal(2.8, conclusion.Figure(FigureNames.Speedup));
        Assert.Equal(2.0, conclusion.Figure(FigureNames.Bound));
        Assert.Equal(2, conclusion.Figure(FigureNames.Workers));
        Assert.Equal(2, conclusion.Figure(FigureNames.Cores));
        Assert.Null(conclusion.Figure("NoSuchFigure"));
    }

    [Fact]
    public void A_tie_follows_the_verdict_as_its_own_conclusion_and_the_verdict_text_joins_them()
    {
        var conclusions = VerdictRules.Conclude(Threads with { Speedup = 1.9, TiedWith = ["Processes", "ThreadJob"] }, Computing);

        Assert.Equal([ConclusionId.Scales, ConclusionId.Tie], conclusions.Select(c => c.Id));
        Assert.All(conclusions, c => Assert.Equal(ConclusionKind.Verdict, c.Kind));
        Assert.Equal(conclusions[0].Sentence + "; tie with Processes, ThreadJob", VerdictRules.Explain(Threads with { Speedup = 1.9, TiedWith = ["Processes", "ThreadJob"] }, Computing));
    }

    [Fact]
    public void Without_a_tie_the_first_rule_that_speaks_is_the_only_verdict()
    {
        var conclusion = Assert.Single(VerdictRules.Conclude(Threads with { Speedup = 2.8, SpeedupLow = 2.6, SpeedupHigh = 3.0, TaskInflation = 3 }, Computing));

        Assert.Equal(ConclusionId.Superlinear, conclusion.Id);
    }
}
