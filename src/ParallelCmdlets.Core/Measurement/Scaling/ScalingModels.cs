namespace ParallelCmdlets.Measurement;

/// <summary>Fits the scaling laws to sweep points: one <see cref="ScalingModel"/> per strategy and size.</summary>
public static class ScalingModels
{
    /// <summary>
    /// Both laws fitted to the points of one strategy at one size (include the one-worker point: it anchors
    /// the curve). Points without a speedup are left out; too few worker counts give a model without that law
    /// and the reason, never an exception.
    /// </summary>
    /// <exception cref="ArgumentException">No points, or points of several strategies or sizes.</exception>
    public static ScalingModel Fit(IReadOnlyList<ScalingPoint> points)
    {
        if (points.Count == 0) throw new ArgumentException("No points to fit.", nameof(points));
        if (points.Select(p => p.Strategy).Distinct().Count() > 1 || points.Select(p => p.Size).Distinct().Count() > 1)
            throw new ArgumentException("Fit one strategy at one size at a time (FitEach groups them).", nameof(points));

        var samples = points.Select(SpeedupSample.From).OfType<SpeedupSample>().ToList();
        var amdahl = AmdahlLaw.Fit(samples, out var amdahlReason);
        var usl = UniversalScalabilityLaw.Fit(samples, out var uslReason);
        var reasons = new[] { amdahlReason, uslReason }.Where(r => r is not null).ToList();
        return new ScalingModel
        {
            Workload = points[0].Workload,
            Strategy = points[0].Strategy,
            Size = points[0].Size,
            Points = samples.Count,
            WorkerCounts = samples.Select(s => s.Concurrency).Distinct().Count(),
            MaxWorkers = samples.Count == 0 ? 0 : samples.Max(s => s.Concurrency),
            SerialFraction = amdahl?.SerialFraction,
            AmdahlRSquared = amdahl?.RSquared,
            Sigma = usl?.Sigma,
            Kappa = usl?.Kappa,
            UslRSquared = usl?.RSquared,
            PeakWorkers = usl is { } u ? UniversalScalabilityLaw.PeakConcurrency(u.Sigma, u.Kappa) : null,
            NotFitted = reasons.Count == 0 ? null : string.Join("; ", reasons),
        };
    }

    /// <summary>
    /// A model per strategy and size, in strategy then size order. Sequential is the baseline (always one
    /// worker, speedup 1) and has nothing to fit.
    /// </summary>
    public static IReadOnlyList<ScalingModel> FitEach(IEnumerable<ScalingPoint> points) =>
        points.Where(p => p.Strategy != Strategy.Sequential)
              .GroupBy(p => (p.Strategy, p.Size))
              .OrderBy(g => g.Key.Strategy).ThenBy(g => g.Key.Size)
              .Select(g => Fit(g.ToList()))
              .ToList();

    /// <summary>
    /// One line for all models: "Threads: 4 % serial, peak near 19 workers; Processes: near-linear to 16 workers".
    /// Names the size when the models span several.
    /// </summary>
    public static string Summarize(IReadOnlyList<ScalingModel> models)
    {
        var severalSizes = models.Select(m => m.Size).Distinct().Count() > 1;
        return string.Join("; ", models.Select(m => severalSizes ? $"{m.Strategy} at size {m.Size}: {m.Description}" : m.Summary));
    }
}
