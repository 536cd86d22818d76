using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>Each warning rule, alone on hand-made facts, concludes with its own id and kind.</summary>
public class WarningRulesTests
{
    private static readonly StrategyFacts Baseline = new() { Strategy = Strategy.Sequential, Tasks = 4, Cores = 2, CoresPerTask = 1, GcMode = "workstation, non-concurrent" };
    private static readonly StrategyFacts Threads = new() { Strategy = Strategy.Threads, Workers = 2, Tasks = 4, Cores = 2, Repeat = 5, TaskMean = 1 };

    private static readonly Dictionary<string, (IWarningRule Rule, StrategyFacts Result, ConclusionId Id, ConclusionKind Kind)> Cases = new()
    {
        ["failed repeats"] = (new FailedRepeatsWarning(), Threads with { FailedTasks = 2 }, ConclusionId.FailedTasks, ConclusionKind.Warning),
        ["superlinear"] = (new SuperlinearWarning(), Threads with { Speedup = 2.8, SpeedupLow = 2.6, SpeedupHigh = 3.0 }, ConclusionId.Superlinear, ConclusionKind.Warning),
        ["a busy machine"] = (new BusyMachineWarning(), Threads with { OtherLoad = 0.45 }, ConclusionId.BusyMachine, ConclusionKind.Warning),
        ["nested parallelism"] = (new NestedParallelismWarning(), Threads with { CoresPerTask = 1.9 }, ConclusionId.NestedParallelism, ConclusionKind.Warning),
        ["short tasks"] = (new ShortTasksWarning(), Threads with { TaskMean = 0.0001 }, ConclusionId.ShortTasks, ConclusionKind.Warning),
        ["few repeats"] = (new FewRepeatsWarning(), Threads with { Repeat = 2, StrategiesCompared = 2 }, ConclusionId.FewRepeats, ConclusionKind.Warning),
        ["another GC"] = (new GcModeDiffersWarning(), Threads with { GcMode = "server, concurrent" }, ConclusionId.GcModeDiffers, ConclusionKind.Warning),
        ["noisy runs"] = (new NoisyRunsWarning(), Threads with { ElapsedCV = 0.3 }, ConclusionId.NoisyRuns, ConclusionKind.Warning),
        ["outliers"] = (new OutliersWarning(), Threads with { Outliers = [3.0] }, ConclusionId.Outliers, ConclusionKind.Warning),
        ["GC advice"] = (new GcAdviceWarning(), Threads with { GcPauseShare = 0.3, Speedup = 1.0 }, ConclusionId.GcAdvice, ConclusionKind.Hint),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_rule_concludes_with_its_own_id_and_kind(string name)
    {
        var (rule, result, id, kind) = Cases[name];

        var conclusion = rule.Warn(result, Baseline);

        Assert.NotNull(conclusion);
        Assert.Equal(id, conclusion.Id);
        Assert.Equal(kind, conclusion.Kind);
        Assert.NotEqual("", conclusion.Sentence);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_rule_is_silent_on_a_quiet_result(string name)
    {
        Assert.Null(Cases[name].Rule.Warn(Threads with { Speedup = 1.9 }, Baseline));
    }

    [Fact]
    public void Every_warning_rule_has_a_case_here()
    {
        Assert.Equal(WarningRules.All.Select(r => r.GetType()).ToHashSet(), Cases.Values.Select(c => c.Rule.GetType()).ToHashSet());
    }

    [Fact]
    public void The_superlinear_warning_and_verdict_share_the_id_and_the_figures()
    {
        var facts = Threads with { Speedup = 2.8, SpeedupLow = 2.6, SpeedupHigh = 3.0 };

        var warning = new SuperlinearWarning().Warn(facts, Baseline)!;
        var verdict = new SuperlinearVerdict().Explain(facts, Baseline)!;

        Assert.Equal(verdict.Id, warning.Id);
        Assert.Equal(verdict.Figures, warning.Figures);
    }

    [Fact]
    public void A_warning_never_holds_the_separator_of_the_warnings_column()
    {
        var warning = new GcModeDiffersWarning().Warn(Threads with { GcMode = "server | concurrent" }, Baseline)!;

        Assert.DoesNotContain(StrategyResult.WarningSeparator, warning.Sentence);
        Assert.Equal("GC differs from the baseline's: server, concurrent here, workstation, non-concurrent for Sequential", warning.Sentence);
    }
}
