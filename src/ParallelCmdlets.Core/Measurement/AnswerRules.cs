using System.Text.RegularExpressions;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// From one comparison's results to its <see cref="Answer"/>. Reads only what the comparison decided (Fastest, Tie,
/// Settled, the speedups), never its sentences: a comparison that did not settle names nothing; the fastest row is
/// named; of rows tied for fastest, the simplest to type, with the fastest of the others as runner-up.
/// </summary>
public static partial class AnswerRules
{
    /// <summary>
    /// Simplest first: what a user types and needs (each toolchain's <see cref="Strategies.StrategyToolchain.Simplicity"/>).
    /// The plain loop; ForEach-Object -Parallel and Start-ThreadJob, one command each; Start-Job; a runspace pool, a
    /// dozen lines; the module's own pools, which need the module; Remote, which needs hosts.
    /// </summary>
    public static IReadOnlyList<Strategy> SimplestFirst =>
        Strategies.StrategyCatalog.Default.All.OrderBy(t => t.Simplicity).Select(t => t.Strategy).ToList();

    /// <summary>The workload name of a -ScriptBlock (the module's ScriptBlockWorkload.WorkloadName).</summary>
    public const string ScriptBlockWorkload = "ScriptBlock";

    /// <summary>Longest block text written into a command; a longer one is cut at a word and ends in "…".</summary>
    public const int MaxBlockChars = 60;

    /// <summary>One answer per comparison in <paramref name="results"/>, in order (as the reports split them into tables).</summary>
    public static IReadOnlyList<Answer> ForEach(IEnumerable<StrategyResult> results) =>
        Reports.ResultsMarkdown.Comparisons(results).Select(For).ToList();

    /// <summary>The answer of one comparison's results.</summary>
    public static Answer For(IReadOnlyList<StrategyResult> comparison)
    {
        if (comparison.Count == 0) return new Answer { Kind = AnswerKind.NoWinner, Reason = "nothing was measured" };
        var first = comparison[0];
        var shared = new Answer { Workload = first.Workload, Tasks = first.Tasks };
        if (comparison.Any(r => !r.Settled))
            return With(shared, AnswerKind.NotSettled,
                "the comparison did not settle (a speedup could be off by more than 2×), so no command is named; measure longer (a larger -MaxSeconds, or -Repeat 10 or more) on a quieter machine");
        if (!comparison.Any(r => r.Strategy.IsBaseline()))
            return With(shared, AnswerKind.NoWinner, "no plain loop (Sequential) was measured to compare with; Compare-Strategy always measures it");
        var tied = comparison.Where(r => r.Tie).ToList();
        var chosen = comparison.FirstOrDefault(r => r.Fastest) ?? tied.OrderBy(Simplicity).FirstOrDefault();
        if (chosen is null)
        {
            var why = comparison.Count < 2 ? "only the plain loop was measured: name a parallel -Strategy to compare it with"
                : comparison.Any(r => r.FailedTasks > 0) ? "tasks failed, and a time with failed tasks names no winner; see the errors"
                : $"too few timed runs to tell the strategies apart ({RunStatistics.RepeatsNeeded} of each are needed)";
            return With(shared, AnswerKind.NoWinner, why);
        }
        // Tied: the fastest of the others. The plain loop best outright: the closest parallel row, for scale.
        var runnerUp = tied.Count > 0
            ? tied.Where(r => r != chosen).MinBy(r => r.Elapsed)
            : chosen.Strategy.IsBaseline()
                ? comparison.Where(r => r != chosen && r.FailedTasks == 0 && r.Speedup is not null).MinBy(r => r.Elapsed)
                : null;
        return new Answer
        {
            Kind = chosen.Strategy.IsBaseline() ? AnswerKind.PlainLoop : AnswerKind.Parallel,
            Workload = shared.Workload,
            Tasks = shared.Tasks,
            StrategyName = chosen.StrategyName,
            Strategy = chosen.Strategy,
            Wrapped = chosen.Wrapped,
            Workers = chosen.Workers,
            Command = Command(chosen),
            Speedup = chosen.Speedup,
            SpeedupLow = chosen.SpeedupLow,
            SpeedupHigh = chosen.SpeedupHigh,
            Tied = tied.Count > 0,
            RunnerUp = runnerUp?.StrategyName ?? "",
            RunnerUpSpeedup = runnerUp?.Speedup,
            RunnerUpSpeedupLow = runnerUp?.SpeedupLow,
            RunnerUpSpeedupHigh = runnerUp?.SpeedupHigh,
        };
    }

    private static Answer With(Answer shared, AnswerKind kind, string reason) =>
        new() { Kind = kind, Workload = shared.Workload, Tasks = shared.Tasks, Reason = reason };

    /// <summary>Place in <see cref="SimplestFirst"/>, the fixed form or SharedMemory just after the plain form.</summary>
    public static int Simplicity(StrategyResult r)
    {
        var place = SimplestFirst.ToList().IndexOf(r.Strategy);
        return (place < 0 ? SimplestFirst.Count : place) * 2 + (r.Wrapped || r.TransferMode != TransferMode.Copy ? 1 : 0);
    }

    /// <summary>
    /// The command a user types for this row, with their own block (or the built-in workload) and its throttle,
    /// as the row's toolchain writes it: PowerShell's tools as users write them, Invoke-Workload for the module's own
    /// pools. Tasks that got an -ArgumentList get the user's item in its place.
    /// </summary>
    public static string Command(StrategyResult r)
    {
        // A result from a file written before results kept their block: its text is not known.
        var command = new Strategies.AnswerCommand(r, r.Code is null ? "{ … }" : Block(r.Code));
        return command.IsBuiltIn ? command.InvokeWorkload() : r.Strategy.Toolchain().Command(command);
    }

    /// <summary>
    /// "{ Start-Sleep -Milliseconds 200 }": the block on one line (lines joined by "; " where a statement ends), cut
    /// at a word after <see cref="MaxBlockChars"/> characters with "…".
    /// </summary>
    public static string Block(string code)
    {
        var lines = code.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var text = "";
        foreach (var line in lines)
        {
            if (text.Length == 0) text = line;
            else
            {
                // A line that opens a block, continues a pipeline or list, or one that closes a block, needs no "; ".
                var joiner = text[^1] is '{' or '(' or '|' or ',' or ';' || line[0] is '}' or ')' or '|' ? " " : "; ";
                text += joiner + line;
            }
        }
        text = Spaces().Replace(text, " ");
        if (text.Length > MaxBlockChars)
        {
            var cut = text.LastIndexOf(' ', MaxBlockChars);
            text = text[..(cut > MaxBlockChars / 2 ? cut : MaxBlockChars)] + " …";
        }
        return text.Length == 0 ? "{ }" : $"{{ {text} }}";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
