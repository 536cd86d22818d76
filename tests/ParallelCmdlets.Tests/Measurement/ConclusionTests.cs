using ParallelCmdlets.Measurement;
using static ParallelCmdlets.Tests.Measurement.SyntheticRuns;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>Results keep their conclusions typed; Verdict and Warnings are their sentences, as before.</summary>
public class ConclusionTests
{
    private static MeasuredStrategy Baseline(double elapsed = 4, double task = 1, double cpuPerTask = 1, double gcShare = 0) =>
        Measured(Strategy.Sequential, Around(elapsed), task, cpuPerTask: cpuPerTask, gcShare: gcShare);

    [Fact]
    public void A_superlinear_result_is_flagged_by_the_Superlinear_id_as_its_verdict_and_a_warning()
    {
        // 2.80x with 2 workers on 2 cores: the baseline's tasks ran 1.4x slower than these.
        var row = Analyze(Baseline(5.6, 1.4), Measured(Strategy.Threads, Around(2.0), 1.0)).Row(Strategy.Threads);

        var verdict = Assert.Single(row.Conclusions, c => c.Id == ConclusionId.Superlinear && c.Kind == ConclusionKind.Verdict);
        Assert.Single(row.Conclusions, c => c.Id == ConclusionId.Superlinear && c.Kind == ConclusionKind.Warning);
        Assert.Equal(row.Speedup, verdict.Figure(FigureNames.Speedup));
        Assert.Equal(2.0, verdict.Figure(FigureNames.Bound));
        Assert.Equal(2, verdict.Figure(FigureNames.Workers));
        Assert.Equal(2, verdict.Figure(FigureNames.Cores));
    }

    [Fact]
    public void A_result_within_noise_of_its_bound_has_no_Superlinear_conclusion()
    {
        var row = Analyze(Baseline(4.1, 1), Measured(Strategy.Threads, Around(2.0), 1.0)).Row(Strategy.Threads);

        Assert.DoesNotContain(row.Conclusions, c => c.Id == ConclusionId.Superlinear);
        Assert.Equal(ConclusionId.Scales, row.Conclusions[0].Id);
    }

    [Fact]
    public void The_verdict_comes_first_and_the_warnings_follow_in_the_order_the_Warnings_column_lists_them()
    {
        var row = Analyze(Measured(Strategy.Threads, [0.010, 0.011, 0.009, 0.010, 0.030], 0.0002)).Single();

        Assert.Equal(ConclusionKind.Verdict, row.Conclusions[0].Kind);
        Assert.Equal(row.GetWarnings(), row.Conclusions.Where(c => c.Kind != ConclusionKind.Verdict).Select(c => c.Sentence));
        Assert.Equal([ConclusionId.ShortTasks, ConclusionId.NoisyRuns, ConclusionId.Outliers],
            row.Conclusions.Where(c => c.Kind == ConclusionKind.Warning).Select(c => c.Id));
    }

    [Fact]
    public void Verdict_and_Warnings_are_the_sentences_of_the_conclusions()
    {
        var result = new StrategyResult
        {
            Conclusions =
            [
                Conclusion.Verdict(ConclusionId.Scales, "scales: reworded"),
                Conclusion.Verdict(ConclusionId.Tie, "tie with Processes"),
                Conclusion.Warning(ConclusionId.NoisyRuns, "noisy"),
                Conclusion.Hint(ConclusionId.GcAdvice, "try server GC"),
            ],
        };

        Assert.Equal("scales: reworded; tie with Processes", result.Verdict);
        Assert.Equal("noisy | try server GC", result.Warnings);
        Assert.Equal(["noisy", "try server GC"], result.GetWarnings());
    }

    [Fact]
    public void The_list_reads_as_its_ids_so_a_csv_column_stays_short()
    {
        var list = new ConclusionList([Conclusion.Verdict(ConclusionId.Superlinear, "a"), Conclusion.Warning(ConclusionId.Superlinear, "b"), Conclusion.Warning(ConclusionId.FewRepeats, "c")]);

        Assert.Equal("Superlinear, FewRepeats", list.ToString());
        Assert.True(list.Has(ConclusionId.FewRepeats));
        Assert.False(list.Has(ConclusionId.NoisyRuns));
    }

    [Fact]
    public void A_result_without_conclusions_has_an_empty_verdict_and_no_warnings()
    {
        var result = new StrategyResult();

        Assert.Equal("", result.Verdict);
        Assert.Equal("", result.Warnings);
        Assert.Empty(result.GetWarnings());
    }
}
