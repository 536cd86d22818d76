using System.Globalization;
using System.Text;

namespace ParallelCmdlets.Reports;

/// <summary>
/// Results as GitHub-flavoured markdown, for an issue, a pull request or docs/FINDINGS.md, as BenchmarkDotNet's
/// markdown exporter writes them: the environment in one line, then a table per comparison headed by the settings
/// its rows share, the winner in bold and a tie marked ≈ as the console marks them, every interval, and the
/// warnings under the tables. Nothing here is measured again: every figure is a property of the results.
/// </summary>
public static class ResultsMarkdown
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private const string Header =
        "| strategy | workers | elapsed (95 % interval) | speedup (95 % interval) | task mean | task inflation | CPU | GC stopped tasks | data moved | per task beyond the work | verdict |";
    private const string Alignment = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    /// <summary>The whole document: environment, the tables in the order the results came, the key, the warnings.</summary>
    public static string Render(IReadOnlyList<StrategyResult> results)
    {
        var text = new StringBuilder();
        foreach (var environment in Environments(results))
            text.Append("Environment: ").Append(Cell(environment)).Append("\n\n");
        foreach (var group in Comparisons(results))
        {
            text.Append("### ").Append(Cell(Heading(group))).Append("\n\n");
            text.Append(Table(group)).Append('\n');
            text.Append(AnswerLine(Measurement.AnswerRules.For(group))).Append("\n\n");
        }
        text.Append("**Bold**: the fastest strategy, faster than every other by more than ")
            .Append((Measurement.RunStatistics.TieThreshold * 100).ToString("0.##", Invariant)).Append(" % with ")
            .Append((Measurement.RunStatistics.ConfidenceLevel * 100).ToString("0.##", Invariant))
            .Append(" % confidence (Mann–Whitney). ≈: a tie, within noise of the best.\n");
        var warnings = results.SelectMany(r => r.GetWarnings().Select(w => $"- {r.Workload} {Name(r)}: {Cell(w)}")).ToList();
        if (warnings.Count > 0)
        {
            text.Append("\nWarnings:\n\n");
            foreach (var warning in warnings) text.Append(warning).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Each machine and runtime the results come from, in one line, once: comparisons run one after another differ
    /// only in when they were measured, so the line of the first of them stands for all.
    /// </summary>
    public static IReadOnlyList<string> Environments(IEnumerable<StrategyResult> results) =>
        results.Select(r => r.Environment).OfType<EnvironmentInfo>()
            .GroupBy(e => (e.OperatingSystem, e.Kernel, e.Architecture, e.CpuModel, e.LogicalCores, e.AffinityCores, e.MemoryBytes, e.Runtime,
                e.WorkerRuntime, e.PowerShellVersion, e.ModuleVersion, e.GcMode, e.WorkerGcMode, e.TimerFrequency))
            .Select(g => g.First().Summary).ToList();

    /// <summary>One comparison's table, header and rows, without a heading: what docs embed.</summary>
    public static string Table(IReadOnlyList<StrategyResult> rows)
    {
        var text = new StringBuilder().Append(Header).Append('\n').Append(Alignment).Append('\n');
        foreach (var r in rows)
        {
            var elapsed = TimeFormat.Seconds(r.Elapsed) + Interval(r.ElapsedLow, r.ElapsedHigh, TimeFormat.Seconds);
            var speedup = r.Speedup is { } s ? Times(s) + Interval(r.SpeedupLow, r.SpeedupHigh, Ratio) : "—";
            // Bold only a winner the test told apart; a tie is marked as the console marks it.
            if (r.Fastest) (elapsed, speedup) = ($"**{elapsed}**", $"**{speedup}**");
            else if (r.Tie) (elapsed, speedup) = ($"≈ {elapsed}", $"≈ {speedup}");
            var moved = r.BytesMoved > 0 ? $"{TimeFormat.Bytes(r.BytesMoved)} in {TimeFormat.Seconds(r.TransferSeconds)}" : "—";
            string[] cells =
            [
                Name(r),
                r.ThreadsPerWorker > 1 ? $"{r.Workers}×{r.ThreadsPerWorker}" : r.Workers.ToString(Invariant),
                elapsed,
                speedup,
                TimeFormat.Seconds(r.TaskMean),
                r.TaskInflation is { } inflation ? Times(inflation) : "—",
                Percent(r.CpuUtilization),
                Percent(r.GcPauseShare),
                moved,
                TimeFormat.Seconds(r.OverheadPerTask),
                (r.FailedTasks > 0 ? $"{r.FailedTasks} failed task(s); " : "") + r.Verdict,
            ];
            text.Append("| ").AppendJoin(" | ", cells.Select(Cell)).Append(" |\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// The results split into the comparisons they came from, in order: a new table starts where the workload or
    /// its settings change, or where a row would repeat one already in the table (two comparisons of one workload).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<StrategyResult>> Comparisons(IEnumerable<StrategyResult> results)
    {
        var groups = new List<IReadOnlyList<StrategyResult>>();
        List<StrategyResult>? current = null;
        foreach (var r in results)
        {
            var first = current?.FirstOrDefault();
            var sameSettings = first is not null && first.Workload == r.Workload && first.Size == r.Size && first.Tasks == r.Tasks &&
                               first.Repeat == r.Repeat && first.Warmup > 0 == r.Warmup > 0;
            if (current is null || !sameSettings || current.Any(c => SameRow(c, r)))
            {
                current = [];
                groups.Add(current);
            }
            current.Add(r);
        }
        return groups;
    }

    private static bool SameRow(StrategyResult a, StrategyResult b) =>
        a.Strategy == b.Strategy && a.TransferMode == b.TransferMode && a.Wrapped == b.Wrapped && a.Workers == b.Workers && a.ThreadsPerWorker == b.ThreadsPerWorker && a.GcMode == b.GcMode;

    /// <summary>
    /// "Loop, size 100,000,000 (iterations), 16 tasks, 5 timed runs each after warm-up": the console's group header,
    /// with the size. Not the warm-up count: each strategy warms up until its own runs are steady.
    /// </summary>
    public static string Heading(IReadOnlyList<StrategyResult> group)
    {
        var r = group[0];
        var size = r.Size > 0 ? $", size {r.Size.ToString("#,0", Invariant)}{(r.SizeUnit.Length > 0 ? $" ({r.SizeUnit})" : "")}" : "";
        return $"{r.Workload}{size}, {r.Tasks} tasks, {r.Repeat} timed run{(r.Repeat == 1 ? "" : "s")} each {(r.Warmup > 0 ? "after warm-up" : "with no warm-up")}";
    }

    /// <summary>"**Answer:** Threads is fastest: 1.95× (1.90–2.01) …: `Invoke-Workload …`", the command as code.</summary>
    public static string AnswerLine(Answer answer)
    {
        var line = "**Answer:** " + Cell(answer.Summary);
        if (answer.Command.Length == 0) return line;
        // A command holding a backtick (PowerShell's escape) needs a longer fence, with spaces inside it.
        var code = answer.Command.Contains('`') ? $"`` {answer.Command} ``" : $"`{answer.Command}`";
        return line + ": " + code;
    }

    /// <summary>"Threads", or "Processes (SharedMemory)" when its data did not travel the default way.</summary>
    private static string Name(StrategyResult r) => r.StrategyName;

    private static string Interval(double? low, double? high, Func<double, string> format) =>
        low is { } l && high is { } h && h > l ? $" ({format(l)}–{format(h)})" : "";

    private static string Times(double value) => value.ToString("0.00", Invariant) + "×";

    private static string Ratio(double value) => value.ToString(value >= 10 ? "0.0" : "0.00", Invariant);

    private static string Percent(double share) => (share * 100).ToString("0", Invariant) + " %";

    /// <summary>Text safe inside a table cell: a pipe would end the cell, a line break the row.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", "").Replace("\n", " ");
}
