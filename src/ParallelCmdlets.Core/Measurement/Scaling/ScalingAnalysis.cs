namespace ParallelCmdlets.Measurement;

/// <summary>What a sweep's points say together: a model per strategy and size, and where the winner changes with size.</summary>
public sealed record ScalingAnalysis(IReadOnlyList<ScalingModel> Models, IReadOnlyList<BreakEven> BreakEvens)
{
    /// <summary>
    /// Fits every strategy at every size, and finds the break-evens of a size sweep at each worker count
    /// (Sequential, measured once per size, takes part in each).
    /// </summary>
    public static ScalingAnalysis Of(IReadOnlyList<ScalingPoint> points)
    {
        var models = ScalingModels.FitEach(points);
        var breakEvens = points.Where(p => p.Strategy != Strategy.Sequential).Select(p => p.Workers).Distinct().Order()
            .SelectMany(workers => BreakEvenFinder.FindAll(points
                .Where(p => p.Strategy == Strategy.Sequential || p.Workers == workers)
                .GroupBy(p => (p.Strategy, p.Size)).Select(g => g.First()).ToList()))
            .ToList();
        return new ScalingAnalysis(models, breakEvens);
    }
}
