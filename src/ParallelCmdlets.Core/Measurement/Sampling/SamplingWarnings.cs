using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Measurement.Sampling;

/// <summary>
/// What the sampling itself tells a reader: runs repeated because other programs disturbed them, a precision
/// target not reached (and the runs that would reach it), several modes and what separates them, a comparison
/// that did not settle.
/// </summary>
public static class SamplingWarnings
{
    public static IEnumerable<Conclusion> Collect(MeasuredStrategy m, MeanEstimate headline, Modes? modes, bool settled)
    {
        // Runs repeated because .NET was still compiling are warm-up that came late: the result's RepeatedRuns
        // lists them; only those kept while still compiling are worth a warning.
        var disturbedByLoad = m.Repeated.Where(r => r.Cause == Disturbance.OtherLoad).ToList();
        if (disturbedByLoad.Count > 0)
            yield return Conclusion.Warning(ConclusionId.DisturbedRunsRepeated,
                VerdictRules.F($"{disturbedByLoad.Count} run(s) disturbed by other programs were run again ({string.Join("; ", disturbedByLoad.Select(r => r.Reason))})"),
                ("Repeated", disturbedByLoad.Count));
        var rule = new DisturbedRunRule();
        var leastCompiled = m.Runs.Count > 0 ? m.Runs.Min(r => r.JitSeconds) : 0;
        var keptCompiling = m.Runs.Count(r => rule.IsCompiling(r, leastCompiled));
        if (keptCompiling > 0 && m.Repeated.Count(r => r.Cause == Disturbance.Compiling) >= rule.MaximumCompileRepeats)
            yield return Conclusion.Warning(ConclusionId.StillCompiling,
                VerdictRules.F($"{keptCompiling} of the {m.Runs.Count} runs kept were still warming up (.NET spent {rule.CompileThreshold * 100:0} % of the cores or more compiling) after {rule.MaximumCompileRepeats} runs were repeated for it: the code had not reached its final form, so raise -Warmup"),
                ("StillCompiling", keptCompiling), ("Runs", m.Runs.Count), ("Limit", rule.CompileThreshold));
        var keptDisturbed = m.Runs.Count(rule.IsDisturbed);
        if (keptDisturbed > 0)
            yield return Conclusion.Warning(ConclusionId.DisturbedRunsKept,
                VerdictRules.F($"{keptDisturbed} of the {m.Runs.Count} runs kept were disturbed too (other programs used {rule.Threshold * 100:0} % of the cores or more): after {rule.MaximumRepeats} repeats the machine was measured as it is, so close other programs and run again"),
                ("Disturbed", keptDisturbed), ("Runs", m.Runs.Count), ("Limit", rule.Threshold));
        if (m.StopReason is StopReason.RoundLimit or StopReason.TimeBudget && headline.Precision > m.PrecisionTarget)
            yield return Conclusion.Warning(ConclusionId.PrecisionNotReached,
                VerdictRules.F($"precision ±{headline.Precision * 100:0.#} % reached, ±{m.PrecisionTarget * 100:0.#} % asked: the {(m.StopReason == StopReason.RoundLimit ? "round limit" : "time budget")} came first after {m.Runs.Count} runs; {Advice(m, headline)}"),
                ("Precision", headline.Precision), ("PrecisionTarget", m.PrecisionTarget), ("Runs", m.Runs.Count), ("RunsNeeded", headline.RunsFor(m.PrecisionTarget) ?? double.NaN));
        if (modes is not null)
            yield return Conclusion.Warning(ConclusionId.SeveralModes, modes.Explanation, ("Modes", modes.Count), ("MValue", modes.MValue), ("Fast", modes.Fast.Count), ("Slow", modes.Slow.Count));
        if (!settled) yield return DidNotSettle(m, headline);
    }

    /// <summary>"did not settle: the mean lies within 0.05–0.61 s after 8 runs; ..." with what would settle it.</summary>
    public static Conclusion DidNotSettle(MeasuredStrategy m, MeanEstimate headline) =>
        Conclusion.Warning(ConclusionId.DidNotSettle,
            VerdictRules.F($"did not settle: the comparison names no winner, as a mean known only within {TimeFormat.Seconds(headline.Low)}–{TimeFormat.Seconds(headline.High)} after {m.Runs.Count} runs cannot rank it; {Advice(m, headline, SettlingPrecision)}"),
            ("ElapsedLow", headline.Low), ("ElapsedHigh", headline.High), ("Runs", m.Runs.Count), ("RunsNeeded", headline.RunsFor(SettlingPrecision) ?? double.NaN));

    /// <summary>
    /// The precision of two means at which the interval of their ratio spans <see cref="Comparison.SettledSpread"/>:
    /// on the log scale the ratio's half-width is z·√2·p, its whole width ln(spread). About ±12.5 % for 2×.
    /// </summary>
    public static double SettlingPrecision =>
        Math.Log(Comparison.SettledSpread) / (2 * Math.Sqrt(2) * MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - RunStatistics.Alpha / 2));

    /// <summary>The runs that would bring the mean within the target, as -Repeat and the -MaxSeconds they need.</summary>
    public static string Advice(MeasuredStrategy m, MeanEstimate headline) => Advice(m, headline, m.PrecisionTarget);

    /// <summary>
    /// Past this many runs, or <see cref="MostSensibleSeconds"/>, advice to raise -Repeat would be advice to wait
    /// for hours: the runs vary too much for more of them to be the fix.
    /// </summary>
    public const int MostSensibleRuns = 100;

    public const double MostSensibleSeconds = 3600;

    private static string Advice(MeasuredStrategy m, MeanEstimate headline, double precision)
    {
        if (headline.RunsFor(precision) is not { } runs) return "more runs would narrow it";
        var seconds = m.RoundSeconds * (runs + m.Warmup) * 1.2;
        if (runs > MostSensibleRuns || seconds > MostSensibleSeconds)
            return VerdictRules.F($"about {runs} runs would reach ±{precision * 100:0.#} %, more than a measurement should take: the runs vary too much, so close other programs or find what makes them differ");
        var budget = m.MaxSeconds is { } max && seconds > max ? VerdictRules.F($", -MaxSeconds {Math.Ceiling(seconds / 10) * 10:0}") : "";
        return VerdictRules.F($"about {runs} runs would reach ±{precision * 100:0.#} %: -Repeat {runs}{budget} (about {TimeFormat.Seconds(seconds)})");
    }
}
