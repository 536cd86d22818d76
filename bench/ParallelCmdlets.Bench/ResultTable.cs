using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ParallelCmdlets.Bench;

/// <summary>One line of the table, already formatted.</summary>
internal sealed record Row(string Measure, string Module, string Baseline, string Ratio, string Goal, string Met)
{
    /// <summary>
    /// A speed row judged from paired samples: the module's time over the baseline's with its 95 % interval; "yes"
    /// when the interval's upper end is within <paramref name="maxRatio"/>, "no" when its lower end is beyond,
    /// otherwise "within noise". The times shown are medians.
    /// </summary>
    public static Row Speed(string measure, IReadOnlyList<double> module, IReadOnlyList<double> baseline, double maxRatio)
    {
        var ratio = PairedRatio.Of(module, baseline);
        return new(measure, Format.Time(Sampling.Median(module)), Format.Time(Sampling.Median(baseline)), ratio.ToString(), $"≤ {Format.Ratio(maxRatio)}",
            ratio.Judge(maxRatio));
    }

    /// <summary>A share row: the module's figure over a reference with its 95 % interval, judged against <paramref name="maxShare"/> as <see cref="Speed"/> is.</summary>
    public static Row Share(string measure, string module, string reference, PairedRatio share, double maxShare) =>
        new(measure, module, reference, share.ToString(), $"≤ {Format.Ratio(maxShare)}", share.Judge(maxShare));

    /// <summary>A cost row with an absolute goal: met when the module's time is at most <paramref name="maxSeconds"/>; the ratio is for reference.</summary>
    public static Row Absolute(string measure, double module, double baseline, double maxSeconds) =>
        new(measure, Format.Time(module), Format.Time(baseline), Format.Ratio(module / baseline), $"≤ {Format.Time(maxSeconds)}",
            module <= maxSeconds ? "yes" : "no");

    /// <summary>Module beside baseline with the ratio shown, but no goal: a cross-check of another row.</summary>
    public static Row Beside(string measure, double module, double baseline, string why) =>
        new(measure, Format.Time(module), Format.Time(baseline), Format.Ratio(module / baseline), why, "—");

    public static Row Reference(string measure, double module, double baseline) =>
        new(measure, Format.Time(module), Format.Time(baseline), "—", "—", "—");

    public static Row Failed(string measure, string why) => new(measure, "error: " + why.ReplaceLineEndings(" "), "—", "—", "—", "no");
}

internal static class Format
{
    public static string Time(double seconds) => seconds switch
    {
        double.NaN => "n/a",
        < 1e-6 => $"{seconds * 1e9:0.#} ns",
        < 1e-3 => $"{seconds * 1e6:0.##} µs",
        < 1 => $"{seconds * 1e3:0.##} ms",
        _ => $"{seconds:0.###} s",
    };

    /// <summary>Three decimals, so a ratio just over its goal never prints as equal to it.</summary>
    public static string Ratio(double ratio) => ratio.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Decimal megabytes, as the payload is named (10,000 × 1,000 doubles = 80 MB).</summary>
    public static string Megabytes(long bytes) => $"{bytes / 1e6:0.#} MB";
}

internal static class ResultTable
{
    public static string ToMarkdown(IReadOnlyList<Row> rows, IReadOnlyList<string> notes)
    {
        var text = new StringBuilder();
        text.AppendLine("# ParallelCmdlets bench");
        text.AppendLine();
        text.AppendLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · {RuntimeInformation.OSDescription} · {RuntimeInformation.FrameworkDescription}");
        text.AppendLine();
        text.AppendLine("| measure | module | baseline | ratio | goal | met |");
        text.AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var r in rows)
            text.AppendLine($"| {Cell(r.Measure)} | {Cell(r.Module)} | {Cell(r.Baseline)} | {Cell(r.Ratio)} | {Cell(r.Goal)} | {Cell(r.Met)} |");
        if (notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in notes) text.AppendLine($"- {note}");
        }
        return text.ToString();
    }

    private static string Cell(string value) => value.Replace("|", "\\|");
}
