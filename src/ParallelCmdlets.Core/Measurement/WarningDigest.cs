using System.Globalization;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// What the console shows of results' warnings, so the tables stay what a user sees first: one line per result,
/// its most important warning (the first: <see cref="WarningRules.All"/> is in that order) with a count of the
/// others, or one line for a whole comparison of several workloads. Every warning stays on the result.
/// </summary>
public static class WarningDigest
{
    /// <summary>How many results with warnings a summary names before it says "…".</summary>
    public const int NamedInSummary = 3;

    /// <summary>The one line for a result, or null when it has no warning.</summary>
    /// <param name="label">Which result: its workload and strategy.</param>
    public static string? Line(string label, IReadOnlyList<string> warnings) => warnings.Count switch
    {
        0 => null,
        1 => $"{label}: {warnings[0]}",
        _ => string.Create(CultureInfo.InvariantCulture,
            $"{label}: {warnings[0]} (+{warnings.Count - 1} more in its Warnings; -Verbose lists them)"),
    };

    /// <summary>One line for the warnings of many results, or null when none has any.</summary>
    /// <param name="results">Each result's label and warnings, in the order written.</param>
    public static string? Summary(IReadOnlyList<(string Label, IReadOnlyList<string> Warnings)> results)
    {
        var warned = results.Where(r => r.Warnings.Count > 0).ToList();
        if (warned.Count == 0) return null;
        var total = warned.Sum(r => r.Warnings.Count);
        var named = string.Join(", ", warned.Take(NamedInSummary).Select(r => r.Label)) + (warned.Count > NamedInSummary ? ", …" : "");
        return string.Create(CultureInfo.InvariantCulture,
            $"{total} warning(s) on {warned.Count} of {results.Count} results ({named}): each result's Warnings holds them; -Verbose lists them");
    }
}
