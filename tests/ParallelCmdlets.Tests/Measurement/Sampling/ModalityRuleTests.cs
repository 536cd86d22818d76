using ParallelCmdlets.Measurement;
using ParallelCmdlets.Measurement.Sampling;
using static ParallelCmdlets.Tests.Measurement.SyntheticRuns;

namespace ParallelCmdlets.Tests.Measurement.Sampling;

public class ModalityRuleTests
{
    /// <summary>The Transfer runs under Threads: three near 30 ms, two near 0.3 and 1.3 s that paid gen2 collections.</summary>
    private static List<RunResult> TwoModes()
    {
        var runs = new List<RunResult>();
        var round = 0;
        foreach (var (elapsed, pause, gen2) in new[] { (1.301, 1.1, 3), (0.030, 0.001, 0), (0.030, 0.001, 0), (0.271, 0.2, 1), (0.025, 0.001, 0) })
        {
            var run = Run(Strategy.Threads, elapsed, elapsed / 2);
            runs.Add(new RunResult
            {
                RunId = run.RunId, Strategy = run.Strategy, Workers = run.Workers, Tasks = run.Tasks, Elapsed = elapsed, Records = run.Records,
                Round = ++round, GcPauseSeconds = pause, ParentCollections = new GcCounts(20, 5 + gen2, gen2), OtherLoad = 0.02,
            });
        }
        return runs;
    }

    [Fact]
    public void A_two_mode_sample_is_warned_and_explained_by_its_collections()
    {
        var modes = ModalityRule.Detect(TwoModes());

        Assert.NotNull(modes);
        Assert.Equal(3, modes.Fast.Count);
        Assert.Equal(2, modes.Slow.Count);
        Assert.Contains("two groups", modes.Explanation);
        Assert.Contains("in collections (gen2: 1–3", modes.Explanation);
    }

    [Fact]
    public void A_one_mode_sample_is_not_warned()
    {
        var runs = new[] { 0.100, 0.102, 0.098, 0.101, 0.099, 0.103, 0.097, 0.104 }.Select(e => Run(Strategy.Threads, e, e / 2)).ToList();

        Assert.Null(ModalityRule.Detect(runs));
    }

    [Fact]
    public void A_single_slow_run_is_an_outlier_not_a_mode()
    {
        var runs = new[] { 0.100, 0.102, 0.098, 0.101, 0.5 }.Select(e => Run(Strategy.Threads, e, e / 2)).ToList();

        Assert.Null(ModalityRule.Detect(runs));
    }

    [Fact]
    public void Slow_runs_under_other_load_are_explained_by_it_and_a_slow_first_round_is_named()
    {
        var runs = new[] { (0.9, 0.6), (0.1, 0.0), (0.1, 0.0), (0.85, 0.7), (0.11, 0.0) }
            .Select((x, i) => new RunResult { RunId = $"r{i}", Strategy = Strategy.Sequential, Elapsed = x.Item1, OtherLoad = x.Item2, Round = i + 1 }).ToList();

        var modes = ModalityRule.Detect(runs)!;

        Assert.Contains("other programs used 65 % of the cores during the slow ones", modes.Explanation);
        Assert.Contains("first timed round", modes.Explanation);
        Assert.DoesNotContain("in collections", modes.Explanation);
    }

    [Fact]
    public void The_comparison_carries_the_several_modes_warning()
    {
        var runs = TwoModes();
        var measured = new MeasuredStrategy(new StrategyPlan(Strategy.Threads, 2, 1), runs, 0, 1);

        var row = Comparison.Analyze([measured], 2, null).Single();

        Assert.True(row.SeveralModes);
        Assert.Contains(row.GetWarnings(), w => w.StartsWith("runs fall in two groups", StringComparison.Ordinal));
    }
}
