namespace ParallelCmdlets.Reports;

/// <summary>
/// One axis of a scaling chart: a linear range from zero with round steps (<see cref="TimeFormat.NiceStep"/>),
/// or a logarithmic range with ticks at 1, 2 and 5 × 10^k, mapped onto a span of pixels.
/// </summary>
internal sealed class ScalingChartAxis
{
    /// <summary>Head room above the largest value of a linear axis, so the top marker is not cut by the frame.</summary>
    private const double LinearHeadroom = 1.05;

    /// <summary>A log axis reaches this factor beyond its extreme values, so the end markers sit inside the frame.</summary>
    private const double LogPadding = 1.25;

    /// <summary>Beyond this many decades only the powers of ten are labelled; 2 and 5 would crowd them.</summary>
    private const double DecadesWithMinorTicks = 3;

    private readonly double pixelStart, pixelEnd;

    public double Min { get; }
    public double Max { get; }
    public bool IsLog { get; }
    public IReadOnlyList<double> Ticks { get; }

    /// <summary>The tick step of a linear axis (labels need it for their decimals); 0 on a log axis.</summary>
    public double Step { get; }

    private ScalingChartAxis(double min, double max, bool isLog, IReadOnlyList<double> ticks, double step, double pixelStart, double pixelEnd)
    {
        (Min, Max, IsLog, Ticks, Step) = (min, max, isLog, ticks, step);
        (this.pixelStart, this.pixelEnd) = (pixelStart, pixelEnd);
    }

    /// <summary>
    /// From 0 to a round value at or above <paramref name="largest"/> (with a little head room unless
    /// <paramref name="wholeSteps"/>, for counts, which end on the largest count when it is round).
    /// </summary>
    public static ScalingChartAxis Linear(double largest, double pixelStart, double pixelEnd, int maxTicks, bool wholeSteps = false)
    {
        largest = double.IsFinite(largest) && largest > 0 ? largest * (wholeSteps ? 1 : LinearHeadroom) : 1;
        var step = TimeFormat.NiceStep(largest, maxTicks);
        if (wholeSteps) step = Math.Max(1, Math.Round(step));
        var max = Math.Ceiling(largest / step - 1e-9) * step;
        return new ScalingChartAxis(0, max, false, TimeFormat.Ticks(max, step), step, pixelStart, pixelEnd);
    }

    /// <summary>Around the positive values from <paramref name="smallest"/> to <paramref name="largest"/>, on a log scale.</summary>
    public static ScalingChartAxis Log(double smallest, double largest, double pixelStart, double pixelEnd)
    {
        if (!(smallest > 0) || !double.IsFinite(smallest)) smallest = 1;
        if (!(largest >= smallest) || !double.IsFinite(largest)) largest = smallest;
        var (min, max) = (smallest / LogPadding, largest * LogPadding);
        var ticks = LogTicks(min, max);
        // Too narrow a range for any 1-2-5 tick but one: label the measured ends instead.
        if (ticks.Count < 2) ticks = smallest == largest ? [smallest] : [smallest, largest];
        return new ScalingChartAxis(min, max, true, ticks, 0, pixelStart, pixelEnd);
    }

    public double ToPixel(double value)
    {
        double fraction;
        if (IsLog)
            fraction = (Math.Log10(Math.Max(value, Min / 10)) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min));
        else
            fraction = (value - Min) / (Max - Min);
        // Far-off values (a fitted curve beyond the frame) are clipped anyway; keep them finite and near.
        return pixelStart + Math.Clamp(fraction, -1, 2) * (pixelEnd - pixelStart);
    }

    public bool Contains(double value) => value >= Min && value <= Max;

    private static List<double> LogTicks(double min, double max)
    {
        var decades = Math.Log10(max) - Math.Log10(min);
        double[] mantissas = decades <= DecadesWithMinorTicks ? [1, 2, 5] : [1];
        var every = Math.Max(1, (int)Math.Ceiling(decades / 8)); // at most about eight powers of ten
        var ticks = new List<double>();
        for (var k = (int)Math.Floor(Math.Log10(min)); k <= (int)Math.Ceiling(Math.Log10(max)); k++)
        {
            if (mantissas.Length == 1 && k % every != 0) continue;
            foreach (var m in mantissas)
            {
                var tick = m * Math.Pow(10, k);
                if (tick >= min * (1 - 1e-9) && tick <= max * (1 + 1e-9)) ticks.Add(tick);
            }
        }
        return ticks;
    }
}
