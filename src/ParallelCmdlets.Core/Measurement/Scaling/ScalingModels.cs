namespace ParallelCmdlets.Measurement;

/// <summary>Fits the scaling laws to sweep points: one <see cref="ScalingModel"/> per strategy, size and GC mode.</summary>
public static class ScalingModels
{
    /// <summary>
    /// Both laws fitted to the points of one strategy at one size under one GC mode (include the one-worker
    /// point: it anchors the curve). Points without a speedup are left out; too few worker counts give a model
    /// without that law and the reason, never an exception.
    /// </summary>
    /// <param name="namesGcMode">The model's summary names its GC mode: set when it is one of several fitted together.</param>
    /// <exception cref="ArgumentException">No points, or points of several strategies, sizes or GC modes.</exception>
    public static ScalingModel Fit(IReadOnlyList<ScalingPoint> points, bool namesGcMode = false)
    {
        if (points.Count == 0) throw new ArgumentException("No points to fit.", nameof(points));
        if (points.Select(p => p.Strategy).Distinct().Count() > 1 || points.Select(p => p.Size).Distinct().Count() > 1
            || points.Select(p => p.GcMode).Distinct().Count() > 1)
            throw new ArgumentException("Fit one strategy at one size under one GC mode at a time (FitEach groups them).", nameof(points));

        var samples = points.Select(SpeedupSample.From).OfType<SpeedupSample>().ToList();
        var amdahl = AmdahlLaw.Fit(samples, out var amdahlReason);
        var usl = UniversalScalabilityLaw.Fit(samples, out var uslReason);
        var reasons = new[] { amdahlReason, uslReason }.Where(r => r is not null).ToList();
        return new ScalingModel
        {
            Workload = points[0].Workload,
            Strategy = points[0].Strategy,
            Size = points[0].Size,
            GcMode = points[0].GcMode,
            NamesGcMode = namesGcMode && points[0].GcMode.Length > 0,
            Points = samples.Count,
            WorkerCounts = samples.Select(s => s.Concurrency).Distinct().Count(),
            MaxWorkers = samples.Count == 0 ? 0 : samples.Max(s => s.Concurrency),
            Cores = points[0].Result?.Environment?.LogicalCores ?? 0,
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
    /// A model per strategy, size and GC mode, in strategy, size, then GC order as measured: worker processes
    /// under two collectors are two curves. Sequential is the baseline (always one worker, speedup 1) and has
    /// nothing to fit. When the points ran under several collectors, each model's summary names its own.
    /// </summary>
    public static IReadOnlyList<ScalingModel> FitEach(IEnumerable<ScalingPoint> points)
    {
        var all = points.ToList();
        var severalGcModes = SpanSeveralGcModes(all);
        return all.Where(p => !p.Strategy.IsBaseline())
                  .GroupBy(p => (p.Strategy, p.Size, p.GcMode))
                  .OrderBy(g => g.Key.Strategy).ThenBy(g => g.Key.Size)
                  .Select(g => Fit(g.ToList(), severalGcModes))
                  .ToList();
    }

    /// <summary>True when the points ran under more than one reported collector: then labels name each one's.</summary>
    public static bool SpanSeveralGcModes(IEnumerable<ScalingPoint> points) =>
        points.Select(p => p.GcMode).Where(g => g.Length > 0).Distinct().Skip(1).Any();

    /// <summary>
    /// One line for all models: "Threads: 4 % serial, peak near 19 workers; Processes: near-linear to 16 workers".
    /// Names the size when the models span several (and the GC mode, when their points did).
    /// </summary>
    public static string Summarize(IReadOnlyList<ScalingModel> models)
    {
        var severalSizes = models.Select(m => m.Size).Distinct().Count() > 1;
        return string.Join("; ", models.Select(m => severalSizes ? $"{m.Label} at size {m.Size}: {m.Description}" : m.Summary));
    }
}
