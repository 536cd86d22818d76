using ParallelCmdlets.Measurement;
using ParallelCmdlets.Measurement.Sampling;

namespace ParallelCmdlets.Tests.Measurement.Sampling;

public class SamplingWarningsTests
{
    private static MeasuredStrategy StoppedByBudget(double[] elapsed, double roundSeconds, double maxSeconds) =>
        SyntheticRuns.Measured(Strategy.Threads, elapsed, taskSeconds: 0.01) with
        {
            StopReason = StopReason.TimeBudget,
            RoundSeconds = roundSeconds,
            MaxSeconds = maxSeconds,
        };

    private static string PrecisionWarning(MeasuredStrategy m) =>
        SamplingWarnings.Collect(m, MeanEstimate.Of(m.Runs.Select(r => r.Elapsed).ToList()), modes: null, settled: true)
            .Single(c => c.Id == ConclusionId.PrecisionNotReached).Sentence;

    [Fact]
    public void A_spread_a_few_more_runs_would_narrow_gets_the_repeat_and_budget_that_reach_the_target()
    {
        // ±15 % spread over five runs: a couple of dozen runs reach ±5 % within a minute.
        var m = StoppedByBudget(SyntheticRuns.Around(1.0, 0.15), roundSeconds: 2, maxSeconds: 10);
        var runs = MeanEstimate.Of(m.Runs.Select(r => r.Elapsed).ToList()).RunsFor(m.PrecisionTarget)!.Value;

        Assert.InRange(runs, 6, SamplingWarnings.MostSensibleRuns);
        var sentence = PrecisionWarning(m);
        Assert.Contains($"-Repeat {runs}, -MaxSeconds ", sentence);
        Assert.DoesNotContain("vary too much", sentence);
    }

    [Fact]
    public void A_spread_only_hours_of_runs_would_narrow_says_the_runs_vary_too_much_instead_of_naming_a_budget()
    {
        // Runs between 0.1 s and 3 s: hundreds of runs would be needed, and no one should be told to wait for them.
        var m = StoppedByBudget([0.1, 3.0, 0.2, 2.5, 0.15], roundSeconds: 6, maxSeconds: 30);

        var sentence = PrecisionWarning(m);
        Assert.Contains("more than a measurement should take: the runs vary too much", sentence);
        Assert.DoesNotContain("-Repeat", sentence);
        Assert.DoesNotContain("-MaxSeconds", sentence);
    }

    [Fact]
    public void A_modest_run_count_that_would_take_over_an_hour_is_not_suggested_either()
    {
        // ±20 % spread needs a few dozen runs, but each round takes five minutes.
        var m = StoppedByBudget(SyntheticRuns.Around(100, 0.2), roundSeconds: 300, maxSeconds: 600);

        Assert.Contains("the runs vary too much", PrecisionWarning(m));
    }

    private static IReadOnlyList<Conclusion> Warnings(MeasuredStrategy m) =>
        SamplingWarnings.Collect(m, MeanEstimate.Of(m.Runs.Select(r => r.Elapsed).ToList()), modes: null, settled: true).ToList();

    /// <summary>Five 20 ms runs on 2 cores, the first two of which compiled for <paramref name="jitSeconds"/>, the rest nothing.</summary>
    private static MeasuredStrategy CompiledInFirstTwo(double jitSeconds, int compilingRepeats)
    {
        var m = SyntheticRuns.Measured(Strategy.Processes, [0.02, 0.02, 0.02, 0.02, 0.02], taskSeconds: 0.001);
        var rule = new DisturbedRunRule();
        var repeated = Enumerable.Range(1, compilingRepeats).Select(round => rule.Judge(
            new RunResult { RunId = $"x{round}", Strategy = Strategy.Processes, Elapsed = 0.02, Cores = 2, JitSeconds = 0.01 }, round, [], 0)!).ToList();
        return m with
        {
            Runs = m.Runs.Select((r, i) => new RunResult
            {
                RunId = r.RunId, Strategy = r.Strategy, Elapsed = r.Elapsed, Cores = 2, Records = r.Records, JitSeconds = i < 2 ? jitSeconds : 0,
            }).ToList(),
            Repeated = repeated,
        };
    }

    [Fact]
    public void Runs_kept_still_compiling_after_every_repeat_allowed_are_warned_of_with_the_remedy()
    {
        var warning = Warnings(CompiledInFirstTwo(0.01, DisturbedRunRule.DefaultMaximumCompileRepeats)).Single(c => c.Id == ConclusionId.StillCompiling);

        Assert.StartsWith("2 of the 5 runs kept were still warming up (.NET spent 5 % of the cores or more compiling) after 10 runs were repeated for it", warning.Sentence);
        Assert.EndsWith("so raise -Warmup", warning.Sentence);
    }

    [Fact]
    public void Runs_repeated_for_compiling_are_not_counted_as_disturbed_by_other_programs()
    {
        var warnings = Warnings(CompiledInFirstTwo(0, compilingRepeats: 3));

        Assert.DoesNotContain(warnings, c => c.Id is ConclusionId.DisturbedRunsRepeated or ConclusionId.StillCompiling);
    }
}
