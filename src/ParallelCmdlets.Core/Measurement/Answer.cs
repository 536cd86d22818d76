using System.Globalization;

namespace ParallelCmdlets;

/// <summary>What a comparison's answer says: which command to type, that the plain loop is best, or why it names none.</summary>
// Written by name by PowerShell's ConvertTo-Json (Json.NET), as Export-Csv and Format-Table already show it.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
public enum AnswerKind
{
    /// <summary>A parallel strategy was fastest, or the simplest of those tied for fastest.</summary>
    Parallel,
    /// <summary>The plain loop (Sequential) was fastest, or tied with the fastest and simplest of them.</summary>
    PlainLoop,
    /// <summary>The means were too uncertain to name a winner: no command is named.</summary>
    NotSettled,
    /// <summary>No winner could be named: no baseline, too few runs, or failed tasks.</summary>
    NoWinner,
}

/// <summary>
/// A comparison in one line: the command to type with the user's own block and throttle (the fastest strategy, or
/// the simplest of those tied with it, and the runner-up), that the plain loop is best, or that the comparison did
/// not settle. Plain data, made by <see cref="Measurement.AnswerRules.For"/> from the comparison's results alone,
/// so an imported comparison gives the same answer. Speedups are against the plain loop (Sequential).
/// </summary>
public sealed class Answer
{
    public AnswerKind Kind { get; init; }
    public string Workload { get; init; } = "";
    public int Tasks { get; init; }

    /// <summary>The row named: "ForEachParallel (& { })", "Sequential"; empty when no winner is named.</summary>
    public string StrategyName { get; init; } = "";
    public Strategy? Strategy { get; init; }

    /// <summary>The row named is a PowerShell tool's fixed form, its block given a scope of its own.</summary>
    public bool Wrapped { get; init; }

    /// <summary>The throttle: workers of the row named (-ThrottleLimit for PowerShell's tools).</summary>
    public int Workers { get; init; }

    /// <summary>The command to type, with the user's block (abbreviated when long); empty when no winner is named.</summary>
    public string Command { get; init; } = "";

    /// <summary>The row's speedup over the plain loop, with its 95 % interval.</summary>
    public double? Speedup { get; init; }
    public double? SpeedupLow { get; init; }
    public double? SpeedupHigh { get; init; }

    /// <summary>The row named is the simplest of several the comparison could not tell apart.</summary>
    public bool Tied { get; init; }

    /// <summary>
    /// When tied, the fastest of the others tied; when the plain loop is best outright, the closest parallel row.
    /// Empty otherwise.
    /// </summary>
    public string RunnerUp { get; init; } = "";
    public double? RunnerUpSpeedup { get; init; }
    public double? RunnerUpSpeedupLow { get; init; }
    public double? RunnerUpSpeedupHigh { get; init; }

    /// <summary>Why no command is named (<see cref="AnswerKind.NotSettled"/>, <see cref="AnswerKind.NoWinner"/>); empty otherwise.</summary>
    public string Reason { get; init; } = "";

    /// <summary>The answer in words, without the command: what the view prints above it.</summary>
    public string Summary => Kind switch
    {
        AnswerKind.Parallel when Tied => $"{StrategyName}, the simplest of those tied for fastest: {Figure(Speedup, SpeedupLow, SpeedupHigh)} the plain loop's speed; runner-up {RunnerUpText}",
        AnswerKind.Parallel => $"{StrategyName} is fastest: {Figure(Speedup, SpeedupLow, SpeedupHigh)} the plain loop's speed",
        AnswerKind.PlainLoop when Tied => $"The plain loop is as fast as any, and simplest; runner-up {RunnerUpText}",
        AnswerKind.PlainLoop => $"The plain loop is best: no parallel strategy beat it{(RunnerUp.Length > 0 ? $" (the closest, {RunnerUpText})" : "")}",
        AnswerKind.NotSettled => $"No answer: {Reason}",
        _ => $"No answer: {Reason}",
    };

    private string RunnerUpText => $"{RunnerUp} {Figure(RunnerUpSpeedup, RunnerUpSpeedupLow, RunnerUpSpeedupHigh)}";

    /// <summary>"1.95× (1.90–2.01)": a speedup with its interval.</summary>
    internal static string Figure(double? value, double? low, double? high)
    {
        if (value is not { } v) return "—";
        var text = v.ToString("0.00", CultureInfo.InvariantCulture) + "×";
        return low is { } l && high is { } h && h > l
            ? text + string.Create(CultureInfo.InvariantCulture, $" ({l:0.00}–{h:0.00})")
            : text;
    }

    /// <summary>The answer in one line: the summary, then the command to type.</summary>
    public string Line => Command.Length == 0 ? Summary : $"{Summary}: {Command}";

    /// <summary>
    /// The width the console view and <see cref="ToString"/> fit: 76, as the table views above it do at 80
    /// columns, so the answer also fits where Get-Help indents an example by 4.
    /// </summary>
    public const int DefaultWidth = 76;

    /// <summary>
    /// "Answer: " and the summary in lines of at most <paramref name="width"/> characters, then the command indented
    /// under it ("No answer: …" alone when none is named): what the console prints under the table.
    /// </summary>
    public string Render(int width = DefaultWidth)
    {
        const string indent = "    ";
        var summary = Reports.TextWrap.Lines((Command.Length > 0 ? "Answer: " : "") + Summary, width);
        if (Command.Length == 0) return summary;
        var command = Reports.TextWrap.Lines(Command, width - indent.Length).Split(Environment.NewLine).Select(l => indent + l);
        return summary + Environment.NewLine + string.Join(Environment.NewLine, command);
    }

    /// <summary>
    /// The answer as the console prints it under Compare-Strategy's table (a blank line, then <see cref="Render"/>):
    /// the host shows the information record that carries it this way. <see cref="Line"/> is the one-line form.
    /// </summary>
    public override string ToString() => Environment.NewLine + Render();
}
