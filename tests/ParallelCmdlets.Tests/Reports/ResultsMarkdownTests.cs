using ParallelCmdlets.Measurement;
using ParallelCmdlets.Reports;
using ParallelCmdlets.Tests.Measurement;

namespace ParallelCmdlets.Tests.Reports;

public class ResultsMarkdownTests
{
    private static readonly EnvironmentInfo Here = EnvironmentInfo.Capture("7.6.9", ".NET 10.0.1", "workstation, non-concurrent");

    private static IReadOnlyList<StrategyResult> Compared(double threads, double processes) => ParallelCmdlets.Measurement.Comparison.Analyze(
    [
        SyntheticRuns.Measured(Strategy.Sequential, SyntheticRuns.Around(4), 1),
        SyntheticRuns.Measured(Strategy.Threads, SyntheticRuns.Around(threads), 1),
        SyntheticRuns.Measured(Strategy.Processes, SyntheticRuns.Around(processes), 1, transfer: 0.1),
    ], 2, Here);

    private static string[] Rows(string markdown) => markdown.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| strategy", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Writes_the_environment_in_one_line_and_a_table_headed_by_the_shared_settings()
    {
        var markdown = ResultsMarkdown.Render(Compared(2, 3));
        Assert.StartsWith("Environment: " + Here.Summary + "\n", markdown);
        Assert.Contains("### Test, 4 tasks, 5 timed runs each after warm-up\n", markdown);
        Assert.Equal(3, Rows(markdown).Length);
        // Every row has as many cells as the header.
        var header = markdown.Split('\n').First(l => l.StartsWith("| strategy", StringComparison.Ordinal));
        Assert.All(Rows(markdown), row => Assert.Equal(header.Count(c => c == '|'), row.Count(c => c == '|')));
    }

    [Fact]
    public void Writes_each_comparison_s_answer_under_its_table()
    {
        var results = Compared(2, 3);
        var markdown = ResultsMarkdown.Render(results);
        var answer = AnswerRules.For(results);

        Assert.Equal(AnswerKind.Parallel, answer.Kind);
        Assert.Contains("\n**Answer:** Threads is fastest: ", markdown);
        Assert.Contains($": `{answer.Command}`\n", markdown);
        Assert.True(markdown.IndexOf("**Answer:**", StringComparison.Ordinal) > markdown.LastIndexOf("| Processes", StringComparison.Ordinal));
    }

    [Fact]
    public void Bolds_a_winner_and_marks_a_tie_as_the_console_does()
    {
        var winner = Rows(ResultsMarkdown.Render(Compared(2, 3)));
        Assert.StartsWith("| Threads | 2 | **2.00 s", winner[1]);
        Assert.Contains("| **2.00× (", winner[1]);
        Assert.DoesNotContain("**", winner[2]);

        var tie = Rows(ResultsMarkdown.Render(Compared(2, 2)));
        Assert.Contains("| ≈ 2.00 s (", tie[1]);
        Assert.Contains("| ≈ 2.00× (", tie[2]);
    }

    [Fact]
    public void Lists_the_warnings_under_the_tables_and_keeps_pipes_out_of_cells()
    {
        var results = Compared(2, 3).Select(r => r.Strategy == Strategy.Processes
            ? new StrategyResult { Workload = r.Workload, Strategy = r.Strategy, Tasks = r.Tasks, Repeat = r.Repeat, Warmup = r.Warmup, Runs = r.Runs, RunId = r.RunId,
                Conclusions = [Conclusion.Verdict(ConclusionId.Unclassified, "a | b"), Conclusion.Warning(ConclusionId.Unclassified, "first"), Conclusion.Warning(ConclusionId.Unclassified, "second")],
                Environment = r.Environment }
            : r).ToList();
        var markdown = ResultsMarkdown.Render(results);
        Assert.Contains("\nWarnings:\n\n- Test Processes: first\n- Test Processes: second\n", markdown);
        Assert.Contains("a \\| b |", markdown);
    }

    [Fact]
    public void Starts_a_new_table_where_a_row_would_repeat()
    {
        var twice = Compared(2, 3).Concat(Compared(2, 3)).ToList();
        var groups = ResultsMarkdown.Comparisons(twice);
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Equal(3, g.Count));
    }

    [Fact]
    public void Names_one_environment_once_however_many_comparisons_ran_on_it()
    {
        var later = new EnvironmentInfo
        {
            OperatingSystem = Here.OperatingSystem, Kernel = Here.Kernel, Architecture = Here.Architecture, CpuModel = Here.CpuModel,
            LogicalCores = Here.LogicalCores, AffinityCores = Here.AffinityCores, MemoryBytes = Here.MemoryBytes, Runtime = Here.Runtime,
            WorkerRuntime = Here.WorkerRuntime, PowerShellVersion = Here.PowerShellVersion, ModuleVersion = Here.ModuleVersion, GcMode = Here.GcMode,
            WorkerGcMode = Here.WorkerGcMode, TimerFrequency = Here.TimerFrequency, MeasuredUtc = Here.MeasuredUtc.AddMinutes(9),
        };
        var elsewhere = new EnvironmentInfo { OperatingSystem = "Windows", Runtime = ".NET 8.0.1", LogicalCores = 16, MeasuredUtc = Here.MeasuredUtc };
        var results = Compared(2, 3).Concat(new[] { later, elsewhere }.Select(e => new StrategyResult { Workload = "Other", Environment = e })).ToList();
        Assert.Equal([Here.Summary, elsewhere.Summary], ResultsMarkdown.Environments(results));
    }
}
