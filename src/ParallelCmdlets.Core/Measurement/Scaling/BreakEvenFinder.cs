namespace ParallelCmdlets.Measurement;

/// <summary>Finds the sizes at which the faster of two strategies changes, in the points of a size sweep.</summary>
public static class BreakEvenFinder
{
    /// <summary>
    /// Every size where <paramref name="a"/> and <paramref name="b"/> swap places, smallest first; empty when
    /// one wins at every size both were measured at. Each strategy must have one point per size (filter a sweep
    /// over workers and sizes to one worker count first); points with a size or elapsed time of zero are left out.
    /// <para>
    /// Between two measured sizes the log of the elapsed ratio, ln(Ea/Eb), is taken as linear in ln(size). Costs
    /// grow roughly as powers of the size, and the ratio of two powers is exactly linear in log-log, so this finds
    /// their crossing exactly; for a + b·size curves it errs by a few percent when sizes are a factor of 4 apart.
    /// </para>
    /// </summary>
    /// <exception cref="ArgumentException">A strategy has several points at one size.</exception>
    public static IReadOnlyList<BreakEven> Find(IReadOnlyList<ScalingPoint> points, Strategy a, Strategy b)
    {
        var pointsA = BySize(points, a);
        var pointsB = BySize(points, b);
        var rows = pointsA.Keys.Intersect(pointsB.Keys).Order()
            .Select(size => new Row(size, Math.Log(pointsA[size].Elapsed / pointsB[size].Elapsed), pointsA[size], pointsB[size]))
            .ToList();

        var found = new List<BreakEven>();
        var last = -1; // the last row with a winner; exact ties in between are skipped
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].LogRatio == 0) continue;
            if (last >= 0 && Math.Sign(rows[i].LogRatio) != Math.Sign(rows[last].LogRatio))
                found.Add(Between(rows, last, i, a, b));
            last = i;
        }
        return found;
    }

    /// <summary>The break-evens of every pair of strategies in the points, in strategy order.</summary>
    public static IReadOnlyList<BreakEven> FindAll(IReadOnlyList<ScalingPoint> points)
    {
        var strategies = points.Select(p => p.Strategy).Distinct().Order().ToList();
        return strategies.SelectMany((a, i) => strategies.Skip(i + 1).SelectMany(b => Find(points, a, b))).ToList();
    }

    private readonly record struct Row(long Size, double LogRatio, ScalingPoint A, ScalingPoint B)
    {
        public Strategy Winner => LogRatio < 0 ? A.Strategy : B.Strategy;

        /// <summary>The winner's interval wholly below the loser's.</summary>
        public bool Significant => LogRatio < 0 ? Below(A, B) : Below(B, A);

        private static bool Below(ScalingPoint winner, ScalingPoint loser) =>
            winner.ElapsedHigh is { } high && loser.ElapsedLow is { } low && high < low;
    }

    private static BreakEven Between(List<Row> rows, int below, int above, Strategy a, Strategy b)
    {
        var (lower, upper) = (rows[below], rows[above]);
        double logSize;
        if (above == below + 1)
        {
            var t = lower.LogRatio / (lower.LogRatio - upper.LogRatio);
            logSize = Math.Log(lower.Size) + t * (Math.Log(upper.Size) - Math.Log(lower.Size));
        }
        else
        {
            // Measured ties between them: the break-even is where they tied (their middle, in log size).
            logSize = rows.Skip(below + 1).Take(above - below - 1).Average(r => Math.Log(r.Size));
        }
        return new BreakEven
        {
            Workload = lower.A.Workload,
            StrategyA = a,
            StrategyB = b,
            Size = Math.Exp(logSize),
            SizeBelow = lower.Size,
            SizeAbove = upper.Size,
            WinnerBelow = lower.Winner,
            WinnerAbove = upper.Winner,
            Significant = lower.Significant && upper.Significant,
            Points = [lower.A, lower.B, upper.A, upper.B],
        };
    }

    private static Dictionary<long, ScalingPoint> BySize(IReadOnlyList<ScalingPoint> points, Strategy strategy)
    {
        var bySize = new Dictionary<long, ScalingPoint>();
        foreach (var point in points.Where(p => p.Strategy == strategy && p.Size > 0 && p.Elapsed > 0 && double.IsFinite(p.Elapsed)))
        {
            if (!bySize.TryAdd(point.Size, point))
                throw new ArgumentException(
                    $"{strategy} has several points at size {point.Size}: filter the sweep to one worker count first.", nameof(points));
        }
        return bySize;
    }
}
