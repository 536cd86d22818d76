using ParallelCmdlets.Measurement;
using static ParallelCmdlets.Tests.Measurement.SyntheticRuns;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>
/// More workers than cores time-slice them: each task is stretched by workers/cores, which is expected, not
/// contention. "tasks contend" needs <see cref="Thresholds.Contention"/> times that stretch. Decided here on
/// hand-made runs of four workers on two cores (a stretch of 2 expected), never on a loaded machine's luck.
/// </summary>
public class ContentionVerdictTests
{
    private static MeasuredStrategy Baseline() => Measured(Strategy.Sequential, Around(4), 1, workers: 1);

    /// <summary>Four workers on two cores whose four tasks each took <paramref name="task"/> seconds (1 s alone).</summary>
    private static StrategyResult FourWorkers(double elapsed, double task) =>
        Analyze(Baseline(), Measured(Strategy.Threads, Around(elapsed), task, workers: 4)).Row(Strategy.Threads);

    [Fact]
    public void Tasks_stretched_more_than_sharing_explains_but_under_the_threshold_do_not_contend()
    {
        // 2.6x slower than alone: beyond the 2x that sharing two cores explains, under the 2.8x that is contention.
        var row = FourWorkers(elapsed: 3.0, task: 2.6);

        Assert.Equal(2.6, row.TaskInflation!.Value, 9);
        Assert.True(2.6 < Thresholds.Contention * 2, "the case must sit under the threshold");
        Assert.Equal("partial gain: 1.3× with 4 workers, 2 cores", row.Verdict);
    }

    [Fact]
    public void Tasks_stretched_beyond_the_threshold_contend_and_the_verdict_names_the_expected_stretch()
    {
        var row = FourWorkers(elapsed: 3.0, task: 2.9);

        Assert.Equal("tasks contend: each 2.9× slower than alone, 2.0× expected from sharing 2 cores", row.Verdict);
    }

    [Fact]
    public void Oversubscribed_tasks_that_reach_most_of_the_cores_speedup_scale_and_share_the_cores()
    {
        // Stretched exactly as sharing explains, and 1.9x of the 2x two cores allow.
        var row = FourWorkers(elapsed: 2.1, task: 2.0);

        Assert.Equal("scales: 1.9× of the 2.0× that 2 cores allow, 4 workers share them", row.Verdict);
    }
}
