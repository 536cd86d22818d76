using System.Globalization;

namespace ParallelCmdlets.Reports;

/// <summary>
/// Human-readable times and sizes, and round axis steps: the one formatter of the format views, the console
/// timeline, the SVG and the warnings, so a time reads the same everywhere. Always invariant culture: the
/// numbers end up in SVG attributes, where a decimal comma would break the picture.
/// </summary>
public static class TimeFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"850.0 ms", "12.5 ms", "0.2 ms", "1.23 s".</summary>
    public static string Seconds(double seconds) =>
        Math.Abs(seconds) >= 1 ? seconds.ToString("0.00", Invariant) + " s" : (seconds * 1000).ToString("0.0", Invariant) + " ms";

    /// <summary>As <see cref="Seconds(double)"/>, or empty for a figure that was not measured.</summary>
    public static string SecondsOrEmpty(double? seconds) => seconds is { } s ? Seconds(s) : "";

    /// <summary>
    /// A figure in a sentence, with the digits that matter at its size: "1.20 s", "31 ms", "3.1 ms", "0.02 ms".
    /// Verdicts quote per-task costs from seconds down to microseconds, where a fixed one decimal would read "0.0 ms".
    /// </summary>
    public static string Figure(double seconds) => seconds switch
    {
        >= 1 => seconds.ToString("0.00", Invariant) + " s",
        >= 0.01 => (seconds * 1000).ToString("0", Invariant) + " ms",
        >= 0.001 => (seconds * 1000).ToString("0.0", Invariant) + " ms",
        _ => (seconds * 1000).ToString("0.00", Invariant) + " ms",
    };

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", Invariant) + " GB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", Invariant) + " MB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0", Invariant) + " KB",
        _ => bytes.ToString(Invariant) + " B",
    };

    /// <summary>A number for markup: invariant, at most <paramref name="decimals"/> decimals.</summary>
    public static string Number(double value, int decimals = 2) =>
        Math.Round(value, decimals).ToString("0.##########", Invariant);

    /// <summary>The smallest step of 1, 2 or 5 × 10^k giving at most <paramref name="maxTicks"/> intervals.</summary>
    public static double NiceStep(double axisSeconds, int maxTicks)
    {
        maxTicks = Math.Max(1, maxTicks);
        var raw = axisSeconds / maxTicks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var factor in new[] { 1.0, 2.0, 5.0, 10.0 })
            if (factor * magnitude >= raw * (1 - 1e-9)) return factor * magnitude;
        return 10 * magnitude;
    }

    /// <summary>Tick positions 0, step, 2·step… up to the axis end.</summary>
    public static IReadOnlyList<double> Ticks(double axisSeconds, double step)
    {
        var ticks = new List<double>();
        for (var i = 0; i * step <= axisSeconds * (1 + 1e-9); i++) ticks.Add(i * step);
        return ticks;
    }

    /// <summary>A label on a logarithmic time axis, whose ticks are round at any size: "20 ms", "0.5 ms", "1.5 s".</summary>
    public static string LogTick(double seconds) =>
        seconds >= 1 ? seconds.ToString("0.##", Invariant) + " s" : (seconds * 1000).ToString("0.###", Invariant) + " ms";

    /// <summary>A tick label, in seconds when the axis reaches a second, else in ms: "0", "200 ms", "1.5 s".</summary>
    public static string Tick(double seconds, double step, double axisSeconds)
    {
        if (seconds == 0) return "0";
        return axisSeconds >= 1
            ? seconds.ToString(Decimals(step), Invariant) + " s"
            : (seconds * 1000).ToString(Decimals(step * 1000), Invariant) + " ms";
    }

    // Enough decimals to tell ticks apart: a step of 0.5 needs one, a step of 0.02 needs two.
    private static string Decimals(double step) =>
        step >= 1 ? "0" : "0." + new string('#', Math.Min(6, (int)Math.Ceiling(-Math.Log10(step) - 1e-9)));
}
