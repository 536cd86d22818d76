using System.Globalization;

namespace ParallelCmdlets;

/// <summary>
/// A size at which the faster of two strategies changes, interpolated between the two measured sizes around it
/// (see <see cref="Measurement.BreakEvenFinder"/>). Sizes are in the workload's own unit.
/// </summary>
public sealed class BreakEven
{
    public string Workload { get; init; } = "";
    public Strategy StrategyA { get; init; }
    public Strategy StrategyB { get; init; }

    /// <summary>The interpolated size where both take equally long.</summary>
    public double Size { get; init; }

    /// <summary>The measured sizes around it: the largest before the change and the smallest after.</summary>
    public long SizeBelow { get; init; }
    public long SizeAbove { get; init; }

    public Strategy WinnerBelow { get; init; }
    public Strategy WinnerAbove { get; init; }

    /// <summary>
    /// True when at both measured sizes the winner's elapsed interval lies wholly below the loser's; false when
    /// they overlap or were not measured, so the change may be noise.
    /// </summary>
    public bool Significant { get; init; }

    /// <summary>The points it was read from: A and B at <see cref="SizeBelow"/>, then A and B at <see cref="SizeAbove"/>.</summary>
    public IReadOnlyList<ScalingPoint> Points { get; init; } = [];

    /// <summary>The collectors A and B ran under, as their points report.</summary>
    public string GcModeA => Points.Count > 0 ? Points[0].GcMode : "";
    public string GcModeB => Points.Count > 1 ? Points[1].GcMode : "";

    /// <summary>
    /// "Processes faster below size ≈ 104 (measured 50 and 200), Threads faster above"; each strategy followed by
    /// its GC mode when the two ran under different collectors.
    /// </summary>
    public string Summary =>
        $"{Name(WinnerBelow)} faster below size ≈ {Round(Size)} (measured {SizeBelow.ToString(CultureInfo.InvariantCulture)} and " +
        $"{SizeAbove.ToString(CultureInfo.InvariantCulture)}), {Name(WinnerAbove)} faster above" + (Significant ? "" : "; within noise");

    private string Name(Strategy strategy)
    {
        if (GcModeA == GcModeB || GcModeA.Length == 0 || GcModeB.Length == 0) return strategy.ToString();
        return $"{strategy} ({(strategy == StrategyA ? GcModeA : GcModeB)})";
    }

    public override string ToString() => Summary;

    /// <summary>Three significant digits: an interpolated size is no more precise than that.</summary>
    internal static string Round(double size)
    {
        if (size <= 0 || !double.IsFinite(size)) return size.ToString(CultureInfo.InvariantCulture);
        var unit = Math.Pow(10, Math.Floor(Math.Log10(size)) - 2);
        return (Math.Round(size / unit) * unit).ToString("0.##", CultureInfo.InvariantCulture);
    }
}
