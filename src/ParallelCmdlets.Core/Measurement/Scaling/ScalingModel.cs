using System.Globalization;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets;

/// <summary>
/// The scaling laws fitted to one strategy's worker sweep at one size under one GC mode: Amdahl's serial fraction and the
/// Universal Scalability Law's contention σ and coherency κ, each with its R² (null where too few points allowed
/// no fit, with the reason in <see cref="NotFitted"/>). Built by <see cref="ScalingModels.Fit"/>.
/// Worker counts here are concurrencies: workers × threads per worker.
/// </summary>
public sealed class ScalingModel
{
    /// <summary>Near-linear when the fitted law loses at most this share of the ideal N at the largest N measured.</summary>
    public const double NearLinearLoss = 0.10;

    /// <summary>
    /// A law whose R² is below this does not describe the points: its parameters (a serial share, a peak) are then
    /// not reported as facts, and the summary says the law does not fit.
    /// </summary>
    public const double MinRSquared = 0.8;

    /// <summary>A peak further than this many times the largest worker count measured is a guess; the summary leaves it out.</summary>
    public const double PeakReach = 2;

    public string Workload { get; init; } = "";
    public Strategy Strategy { get; init; }
    public long Size { get; init; }

    /// <summary>The collector its points ran under, as reported ("server, non-concurrent"); empty when not recorded.</summary>
    public string GcMode { get; init; } = "";

    /// <summary>True when it was fitted beside points under other collectors: its label and summary then name its own.</summary>
    public bool NamesGcMode { get; init; }

    /// <summary>Points with a speedup that the laws were fitted to, and how many distinct worker counts they hold.</summary>
    public int Points { get; init; }
    public int WorkerCounts { get; init; }
    public double MaxWorkers { get; init; }

    /// <summary>Logical cores of the machine the points were measured on; 0 when the points do not say (made by hand).</summary>
    public int Cores { get; init; }

    /// <summary>
    /// True when the fit reaches past the cores: there the curve flattens because the cores run out, which
    /// both laws can only read as contention (a low peak, a high serial share).
    /// </summary>
    public bool BeyondCores => Cores > 0 && MaxWorkers > Cores;

    /// <summary>Amdahl's s in [0, 1]: the share of the work that runs one at a time.</summary>
    public double? SerialFraction { get; init; }
    public double? AmdahlRSquared { get; init; }

    /// <summary>USL contention σ in [0, 1] and coherency κ ≥ 0.</summary>
    public double? Sigma { get; init; }
    public double? Kappa { get; init; }
    public double? UslRSquared { get; init; }

    /// <summary>Where the USL peaks, N* = sqrt((1 − σ)/κ); null when it was not fitted or κ is negligible (no peak).</summary>
    public double? PeakWorkers { get; init; }

    /// <summary>Why a law could not be fitted (too few worker counts, a failed fit), or null when both were.</summary>
    public string? NotFitted { get; init; }

    public bool HasAmdahl => SerialFraction is not null;
    public bool HasUsl => Sigma is not null && Kappa is not null;

    /// <summary>Amdahl's law was fitted and describes the points (R² at least <see cref="MinRSquared"/>).</summary>
    public bool AmdahlFits => HasAmdahl && AmdahlRSquared >= MinRSquared;

    /// <summary>The USL was fitted and describes the points (R² at least <see cref="MinRSquared"/>).</summary>
    public bool UslFits => HasUsl && UslRSquared >= MinRSquared;

    /// <summary>The fitted Amdahl speedup at <paramref name="workers"/>, or null without a fit.</summary>
    public double? AmdahlSpeedup(double workers) => SerialFraction is { } s ? AmdahlLaw.Speedup(s, workers) : null;

    /// <summary>The fitted USL speedup at <paramref name="workers"/>, or null without a fit.</summary>
    public double? UslSpeedup(double workers) =>
        HasUsl ? UniversalScalabilityLaw.Speedup(Sigma!.Value, Kappa!.Value, workers) : null;

    /// <summary>The best law's speedup at <paramref name="workers"/>: the USL when fitted, else Amdahl.</summary>
    public double? PredictedSpeedup(double workers) => UslSpeedup(workers) ?? AmdahlSpeedup(workers);

    /// <summary>True when a law that fits stays within <see cref="NearLinearLoss"/> of linear up to the largest worker count measured.</summary>
    public bool NearLinear => MaxWorkers > 1 && ((UslFits ? UslSpeedup(MaxWorkers) : null) ?? (AmdahlFits ? AmdahlSpeedup(MaxWorkers) : null)) is { } s &&
        s >= (1 - NearLinearLoss) * MaxWorkers;

    /// <summary>"4 % serial, peak near 19 workers", "near-linear to 16 workers", "no fit (…)".</summary>
    public string Description
    {
        get
        {
            if (!HasAmdahl && !HasUsl) return $"no fit ({NotFitted})";
            var parts = new List<string>();
            if (!AmdahlFits && !UslFits)
                parts.Add(F($"neither law fits (R² below {MinRSquared:0.0#}): the speedups follow no one curve"));
            else if (NearLinear)
                parts.Add(F($"near-linear to {MaxWorkers:0.#} workers"));
            else
            {
                if (AmdahlFits) parts.Add(Percent(SerialFraction!.Value) + " serial");
                else if (HasAmdahl) parts.Add(F($"Amdahl does not fit (R² {AmdahlRSquared:0.00})"));
                if (UslFits && PeakWorkers is { } peak && peak <= PeakReach * MaxWorkers)
                    parts.Add(peak < 1.5 ? "no gain from a second worker" : F($"peak near {peak:0} workers"));
                else if (AmdahlFits && AmdahlLaw.Ceiling(SerialFraction!.Value) is { } ceiling)
                    parts.Add(F($"levels off near {ceiling:0.#}×"));
                if (HasUsl && !UslFits) parts.Add(F($"USL does not fit (R² {UslRSquared:0.00})"));
            }
            if (BeyondCores) parts.Add(F($"fitted past the {Cores} cores, where running out of cores looks like contention"));
            return string.Join(", ", parts);
        }
    }

    /// <summary>
    /// Each fitted law with its R², "Amdahl R² 0.98", "USL R² 0.43": how far to trust what the summary reads from it.
    /// An R² below 0 (a fit worse than the points' mean, unbounded below) reads "R² &lt; 0".
    /// </summary>
    public IReadOnlyList<string> Fits()
    {
        var fits = new List<string>();
        if (AmdahlRSquared is { } amdahl) fits.Add("Amdahl " + RSquared(amdahl));
        if (UslRSquared is { } usl) fits.Add("USL " + RSquared(usl));
        return fits;
    }

    private static string RSquared(double value) => value < 0 ? "R² < 0" : F($"R² {value:0.00}");

    /// <summary>"Processes", or "Processes (server, non-concurrent)" when the GC mode tells it apart.</summary>
    public string Label => NamesGcMode ? $"{Strategy} ({GcMode})" : Strategy.ToString();

    /// <summary>"Threads: 4 % serial, peak near 19 workers", "Processes (server, non-concurrent): near-linear to 4 workers".</summary>
    public string Summary => $"{Label}: {Description}";

    public override string ToString() => Summary;

    private static string Percent(double share) =>
        (share * 100).ToString(share >= 0.1 ? "0" : "0.#", CultureInfo.InvariantCulture) + " %";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
