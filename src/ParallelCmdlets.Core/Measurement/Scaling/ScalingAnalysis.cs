namespace ParallelCmdlets.Measurement;

/// <summary>What a sweep's points say together: a model per strategy, size and GC mode, and where the winner changes with size.</summary>
public sealed record ScalingAnalysis(IReadOnlyList<ScalingModel> Models, IReadOnlyList<BreakEven> BreakEvens)
{
    /// <summary>
    /// Fits every strategy at every size, and finds the break-evens of a size sweep at each worker count
    /// (Sequential, measured once per size, takes part in each).
    /// </summary>
    public static ScalingAnalysis Of(IReadOnlyList<ScalingPoint> points)
    {
        var models = ScalingModels.FitEach(points);
        var breakEvens = points.Where(p => !p.Strategy.IsBaseline()).Select(p => p.Workers).Distinct().Order()
            .SelectMany(workers => AtWorkers(points, workers))
            .ToList();
        return new ScalingAnalysis(models, breakEvens);
    }

    /// <summary>
    /// The break-evens at one worker count between every two series of different strategies, a series being a
    /// strategy under one GC mode: processes under two collectors are each compared with threads, never merged
    /// into one curve (the finder wants one point per strategy and size).
    /// </summary>
    private static IEnumerable<BreakEven> AtWorkers(IReadOnlyList<ScalingPoint> points, int workers)
    {
        var series = points.Where(p => p.Strategy.IsBaseline() || p.Workers == workers)
            .GroupBy(p => (p.Strategy, p.GcMode)).OrderBy(g => g.Key.Strategy)
            .Select(g => g.GroupBy(p => p.Size).Select(s => s.First()).ToList())
            .ToList();
        return series.SelectMany((a, i) => series.Skip(i + 1).Where(b => b[0].Strategy != a[0].Strategy)
            .SelectMany(b => BreakEvenFinder.Find([.. a, .. b], a[0].Strategy, b[0].Strategy)));
    }
}
