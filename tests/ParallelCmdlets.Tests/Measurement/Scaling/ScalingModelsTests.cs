using ParallelCmdlets.Measurement;
using static ParallelCmdlets.Tests.Measurement.Scaling.SyntheticScaling;

namespace ParallelCmdlets.Tests.Measurement.Scaling;

public class ScalingModelsTests
{
    private static List<ScalingPoint> Usl(double sigma, double kappa, IEnumerable<int> workers, Strategy strategy = Strategy.Threads, long size = 1000) =>
        Sweep(n => UniversalScalabilityLaw.Speedup(sigma, kappa, n), workers, strategy: strategy, size: size);

    [Fact]
    public void Fits_both_laws_and_reports_the_peak_for_a_strategy_that_contends()
    {
        var model = ScalingModels.Fit(Usl(0.05, 0.002, Enumerable.Range(1, 16)));

        Assert.Equal(Strategy.Threads, model.Strategy);
        Assert.Equal(16, model.Points);
        Assert.Equal(16, model.WorkerCounts);
        Assert.Equal(16, model.MaxWorkers);
        Assert.Equal(0.05, model.Sigma!.Value, 4);
        Assert.Equal(0.002, model.Kappa!.Value, 6);
        Assert.Equal(Math.Sqrt(0.95 / 0.002), model.PeakWorkers!.Value, 1);
        Assert.True(model.AmdahlRSquared > 0.99);
        Assert.Equal(1, model.UslRSquared!.Value, 9);
        Assert.Null(model.NotFitted);
        Assert.Matches(@"^Threads: \d+(\.\d)? % serial, peak near 22 workers$", model.Summary);
    }

    [Fact]
    public void Fits_processes_under_two_collectors_apart_and_names_each_ones_gc()
    {
        var points = Usl(0.05, 0.002, Enumerable.Range(1, 16), Strategy.Processes)
            .Select(p => new ScalingPoint { Workload = p.Workload, Strategy = p.Strategy, Workers = p.Workers, Size = p.Size, Elapsed = p.Elapsed, Speedup = p.Speedup, GcMode = "workstation, non-concurrent" })
            .Concat(Sweep(n => UniversalScalabilityLaw.Speedup(0.002, 0, n), Enumerable.Range(1, 16), strategy: Strategy.Processes, gcMode: "server, non-concurrent"))
            .ToList();

        var models = ScalingModels.FitEach(points);

        Assert.Equal(["workstation, non-concurrent", "server, non-concurrent"], models.Select(m => m.GcMode));
        Assert.Equal(0.05, models[0].Sigma!.Value, 4);
        Assert.Equal(0.002, models[1].Sigma!.Value, 4);
        Assert.Equal(16, models[1].Points);
        Assert.Equal("Processes (server, non-concurrent): near-linear to 16 workers", models[1].Summary);
        Assert.StartsWith("Processes (workstation, non-concurrent): ", models[0].Summary);
        Assert.StartsWith("Processes (workstation, non-concurrent): ", ScalingModels.Summarize(models));
    }

    [Fact]
    public void Leaves_the_gc_out_of_the_summary_when_every_point_ran_under_the_same_one()
    {
        var models = ScalingModels.FitEach(Sweep(n => n, [1, 2, 4], strategy: Strategy.Processes, gcMode: "workstation, non-concurrent"));

        Assert.Equal("workstation, non-concurrent", Assert.Single(models).GcMode);
        Assert.Equal("Processes: near-linear to 4 workers", models[0].Summary);
    }

    [Fact]
    public void Refuses_to_fit_points_of_two_collectors_as_one_curve()
    {
        var points = Sweep(n => n, [1, 2], gcMode: "workstation, non-concurrent").Concat(Sweep(n => n, [4], gcMode: "server, non-concurrent")).ToList();

        Assert.Throws<ArgumentException>(() => ScalingModels.Fit(points));
    }

    [Fact]
    public void Calls_a_strategy_that_loses_little_to_the_largest_worker_count_near_linear()
    {
        var model = ScalingModels.Fit(Usl(0.002, 0, Enumerable.Range(1, 16), Strategy.Processes));

        Assert.True(model.NearLinear);
        Assert.Equal("Processes: near-linear to 16 workers", model.Summary);
    }

    [Fact]
    public void Says_where_amdahls_law_levels_off_when_no_peak_is_in_reach()
    {
        var model = ScalingModels.Fit(Sweep(n => AmdahlLaw.Speedup(0.1, n), Enumerable.Range(1, 16)));

        Assert.Null(model.PeakWorkers);
        Assert.Equal("Threads: 10 % serial, levels off near 10×", model.Summary);
    }

    [Fact]
    public void Leaves_out_points_without_a_speedup()
    {
        var points = Usl(0.05, 0.002, [1, 2, 4, 8]);
        points.Add(new ScalingPoint { Strategy = Strategy.Threads, Workers = 16, Size = 1000, Elapsed = 1, Speedup = null });

        var model = ScalingModels.Fit(points);

        Assert.Equal(4, model.Points);
        Assert.Equal(8, model.MaxWorkers);
    }

    [Fact]
    public void Counts_threads_per_worker_as_concurrency()
    {
        var points = Usl(0.05, 0.002, [1, 2, 4, 8], Strategy.Processes)
            .Select(p => new ScalingPoint { Strategy = p.Strategy, Size = p.Size, Workers = 1, ThreadsPerWorker = p.Workers, Elapsed = p.Elapsed, Speedup = p.Speedup })
            .ToList();

        var model = ScalingModels.Fit(points);

        Assert.Equal(8, model.MaxWorkers);
        Assert.Equal(0.05, model.Sigma!.Value, 4);
    }

    [Fact]
    public void Fits_only_amdahl_with_two_worker_counts_and_says_why_the_usl_is_missing()
    {
        var model = ScalingModels.Fit(Sweep(n => AmdahlLaw.Speedup(0.2, n), [1, 2]));

        Assert.True(model.HasAmdahl);
        Assert.False(model.HasUsl);
        Assert.Null(model.PeakWorkers);
        Assert.Equal("the USL needs 3 distinct worker counts, got 2", model.NotFitted);
        Assert.Equal(model.AmdahlSpeedup(2), model.PredictedSpeedup(2));
        Assert.Equal("Threads: 20 % serial, levels off near 5×", model.Summary);
    }

    [Fact]
    public void Returns_a_model_without_a_fit_and_with_the_reason_for_one_worker_count()
    {
        var model = ScalingModels.Fit(Sweep(n => 1, [4]));

        Assert.False(model.HasAmdahl);
        Assert.False(model.HasUsl);
        Assert.Null(model.PredictedSpeedup(8));
        Assert.Equal(
            "Threads: no fit (Amdahl needs 2 distinct worker counts, got 1; the USL needs 3 distinct worker counts, got 1)",
            model.Summary);
    }

    [Fact]
    public void Refuses_points_of_several_strategies_or_none()
    {
        var mixed = Usl(0.05, 0, [1, 2, 4]).Concat(Usl(0.05, 0, [1, 2, 4], Strategy.Processes)).ToList();

        Assert.Throws<ArgumentException>(() => ScalingModels.Fit(mixed));
        Assert.Throws<ArgumentException>(() => ScalingModels.Fit([]));
    }

    [Fact]
    public void Fits_each_strategy_and_size_apart_and_skips_the_sequential_baseline()
    {
        var points = Usl(0.002, 0, [1, 2, 4, 8], Strategy.Processes)
            .Concat(Usl(0.05, 0.002, [1, 2, 4, 8]))
            .Concat(Usl(0.05, 0.002, [1, 2, 4, 8], size: 10))
            .Append(new ScalingPoint { Strategy = Strategy.Sequential, Workers = 1, Size = 1000, Elapsed = 10, Speedup = 1 });

        var models = ScalingModels.FitEach(points);

        Assert.Equal([(Strategy.Threads, 10L), (Strategy.Threads, 1000L), (Strategy.Processes, 1000L)], models.Select(m => (m.Strategy, m.Size)));
    }

    [Fact]
    public void Summarizes_every_model_in_one_line_naming_the_size_only_when_there_are_several()
    {
        var oneSize = ScalingModels.FitEach(Usl(0.05, 0.002, Enumerable.Range(1, 16)).Concat(Usl(0.002, 0, Enumerable.Range(1, 16), Strategy.Processes)));
        var twoSizes = ScalingModels.FitEach(Usl(0.002, 0, [1, 2, 4], Strategy.Processes).Concat(Usl(0.002, 0, [1, 2, 4], Strategy.Processes, size: 10)));

        Assert.Matches(@"^Threads: .* % serial, peak near 22 workers; Processes: near-linear to 16 workers$", ScalingModels.Summarize(oneSize));
        Assert.Equal("Processes at size 10: near-linear to 4 workers; Processes at size 1000: near-linear to 4 workers", ScalingModels.Summarize(twoSizes));
    }

    [Fact]
    public void A_law_that_fits_poorly_is_reported_as_not_fitting_never_as_a_serial_share_or_a_peak()
    {
        var model = new ScalingModel
        {
            Strategy = Strategy.Threads, MaxWorkers = 3, Cores = 2,
            SerialFraction = 0.275, AmdahlRSquared = 0.138, Sigma = 0.3, Kappa = 0.1, UslRSquared = 0.43, PeakWorkers = 2.6,
        };

        Assert.False(model.AmdahlFits);
        Assert.False(model.UslFits);
        Assert.False(model.NearLinear);
        Assert.Equal("neither law fits (R² below 0.8): the speedups follow no one curve, fitted past the 2 cores, where running out of cores looks like contention", model.Description);
        Assert.Equal(["Amdahl R² 0.14", "USL R² 0.43"], model.Fits());

        var uslOnly = new ScalingModel { Strategy = Strategy.Threads, MaxWorkers = 8, SerialFraction = 0.1, AmdahlRSquared = 0.5, Sigma = 0.05, Kappa = 0.02, UslRSquared = 0.99, PeakWorkers = 6.9 };
        Assert.Equal("Amdahl does not fit (R² 0.50), peak near 7 workers", uslOnly.Description);
        Assert.True(ScalingModel.MinRSquared is > 0 and < 1);
        var worse = new ScalingModel { SerialFraction = 0.5, AmdahlRSquared = -132.6, Sigma = 0.1, Kappa = 0.1, UslRSquared = -0.85 };
        Assert.Equal(["Amdahl R² < 0", "USL R² < 0"], worse.Fits());
    }
}
