using System.Globalization;
using System.Text;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Reports;

/// <summary>
/// Every result on one self-contained page, as Dask's performance_report writes a whole computation: the
/// environment; per comparison its table (speedups with intervals, the winner or a tie, verdicts and warnings),
/// every run as a dot (<see cref="RunDotPlot"/>) and the timeline of each strategy's run nearest the mean
/// (<see cref="TimelineSvg"/>); for a sweep, the scaling chart with its fitted laws (<see cref="ScalingChart"/>).
/// The pictures are the module's own renderers; the page adds the tables and the layout. Inline CSS and script
/// only, nothing fetched, so it opens offline. Classes for tests: report, environment, comparison, results, fastest, tie, answer.
/// </summary>
public static class ResultsReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string RenderHtml(IReadOnlyList<StrategyResult> results, IReadOnlyList<ScalingPoint> points, string? title = null)
    {
        var groups = ResultsMarkdown.Comparisons(results);
        title = string.IsNullOrWhiteSpace(title) ? DefaultTitle(results) : title;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{X(title)}</title>\n")
            .Append(TimelineHtmlAssets.ErrorCapture).Append(TimelineHtmlAssets.PageStyle).Append(PageStyle)
            .Append("</head>\n<body>\n<main class=\"report\">\n")
            .Append($"<h1>{X(title)}</h1>\n");
        foreach (var environment in ResultsMarkdown.Environments(results))
            page.Append($"<p class=\"environment\"><b>Environment:</b> {X(environment)}</p>\n");
        page.Append("<p class=\"key\"><b>*</b> the fastest strategy, faster than every other by more than ")
            .Append((RunStatistics.TieThreshold * 100).ToString("0.##", Invariant)).Append(" % with ")
            .Append((RunStatistics.ConfidenceLevel * 100).ToString("0.##", Invariant))
            .Append(" % confidence (Mann–Whitney); <b>≈</b> a tie, within noise of the best. Hover a dot or a bar for its numbers.</p>\n");

        if (points.Count > 0)
        {
            var analysis = ScalingAnalysis.Of(points);
            // The chart writes each fitted law's summary and the break-evens under itself.
            page.Append("<section class=\"scaling\">\n<h2>Scaling</h2>\n")
                .Append(ScalingChart.Render(points, new ScalingChartOptions { Models = analysis.Models, BreakEvens = analysis.BreakEvens }));
            page.Append("</section>\n");
        }

        foreach (var group in groups) AppendComparison(page, group);
        page.Append("</main>\n<div id=\"tip\" role=\"tooltip\"></div>\n")
            .Append(TimelineHtmlAssets.TooltipScript("main.report", ".task, .run-span, .point, .fit, .ideal, .break-even, .run-dot"))
            .Append("</body>\n</html>\n");
        return page.ToString();
    }

    private static void AppendComparison(StringBuilder page, IReadOnlyList<StrategyResult> group)
    {
        var heading = ResultsMarkdown.Heading(group);
        page.Append("<section class=\"comparison\">\n").Append($"<h2>{X(heading)}</h2>\n");
        page.Append("<table class=\"results\">\n<thead><tr><th>Strategy</th><th>Workers</th><th>Elapsed (95 % interval)</th>")
            .Append("<th>Speedup (95 % interval)</th><th>Task mean</th><th>CPU</th><th>Verdict</th></tr></thead>\n<tbody>\n");
        foreach (var r in group)
        {
            var mark = r.Fastest ? "* " : r.Tie ? "≈ " : "";
            var speedup = r.Speedup is { } s ? mark + s.ToString("0.00", Invariant) + "×" + Interval(r.SpeedupLow, r.SpeedupHigh, v => v.ToString(v >= 10 ? "0.0" : "0.00", Invariant)) : "—";
            page.Append($"<tr class=\"{(r.Fastest ? "fastest" : r.Tie ? "tie" : "")}\">")
                .Append($"<td>{X(r.StrategyName)}</td>")
                .Append($"<td class=\"num\">{(r.ThreadsPerWorker > 1 ? $"{r.Workers}×{r.ThreadsPerWorker}" : r.Workers.ToString(Invariant))}</td>")
                .Append($"<td class=\"num\">{X(TimeFormat.Seconds(r.Elapsed) + Interval(r.ElapsedLow, r.ElapsedHigh, TimeFormat.Seconds))}</td>")
                .Append($"<td class=\"num\">{X(speedup)}</td>")
                .Append($"<td class=\"num\">{X(TimeFormat.Seconds(r.TaskMean))}</td>")
                .Append($"<td class=\"num\">{(r.CpuUtilization * 100).ToString("0", Invariant)} %</td>")
                .Append($"<td>{X((r.FailedTasks > 0 ? $"{r.FailedTasks} failed task(s); " : "") + r.Verdict)}</td></tr>\n");
        }
        page.Append("</tbody>\n</table>\n");
        // The comparison's answer under its table, as the console prints it under Compare-Strategy's.
        var answer = Measurement.AnswerRules.For(group);
        page.Append($"<p class=\"answer\"><b>Answer:</b> {X(answer.Summary)}");
        if (answer.Command.Length > 0) page.Append($"<br><code>{X(answer.Command)}</code>");
        page.Append("</p>\n");
        var warnings = group.SelectMany(r => r.GetWarnings().Select(w => $"{r.StrategyName}: {w}")).ToList();
        if (warnings.Count > 0)
        {
            page.Append("<ul class=\"warnings\">\n");
            foreach (var warning in warnings) page.Append($"<li>{X(warning)}</li>\n");
            page.Append("</ul>\n");
        }
        page.Append(RunDotPlot.Render(group, $"{group[0].Workload}: every timed run"));
        var builder = new TimelineBuilder();
        foreach (var r in group) builder.Add(r);
        if (!builder.IsEmpty) page.Append(TimelineSvg.Render(builder.Build($"{group[0].Workload}: the run nearest the mean of each strategy")));
        page.Append("</section>\n");
    }

    private static string DefaultTitle(IReadOnlyList<StrategyResult> results)
    {
        var workloads = results.Select(r => r.Workload).Where(w => w.Length > 0).Distinct().ToList();
        return workloads.Count == 0 ? "ParallelCmdlets report" : "ParallelCmdlets report: " + string.Join(", ", workloads);
    }

    private static string Interval(double? low, double? high, Func<double, string> format) =>
        low is { } l && high is { } h && h > l ? $" ({format(l)}–{format(h)})" : "";

    private static string X(string text) => TimelineSvg.X(text);

    private const string PageStyle = """
        <style>
        main.report { max-width: 1100px; }
        h1 { font-size: 22px; margin: 4px 0 8px; }
        h2 { font-size: 17px; margin: 26px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
        p.environment, p.key { color: #57606a; margin: 4px 0; }
        table.results { border-collapse: collapse; margin: 6px 0 8px; }
        table.results th, table.results td { border: 1px solid #d0d7de; padding: 3px 8px; vertical-align: top; text-align: left; }
        table.results th { background: #f6f8fa; }
        table.results td.num { text-align: right; white-space: nowrap; }
        table.results tr.fastest td { font-weight: 600; background: #dafbe1; }
        table.results tr.tie td { background: #fff8c5; }
        p.answer { margin: 4px 0 10px; }
        p.answer code { display: inline-block; margin-top: 2px; padding: 2px 6px; background: #f6f8fa; border: 1px solid #d0d7de; white-space: pre-wrap; }
        ul.warnings { color: #9a6700; margin: 4px 0 10px; padding-left: 20px; }
        main svg { margin: 8px 0; }
        </style>

        """;
}
