using System.Globalization;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// Values written back as PowerShell source, for the answer's command: "200000", "'a b', 3". A value with no plain
/// literal (an object, a hashtable, a script block) is written as "…", as the answer writes an unknown block.
/// </summary>
public static class PowerShellLiteral
{
    /// <summary>The values as an -ArgumentList takes them, comma-separated; null when there are none.</summary>
    public static string? List(IReadOnlyList<object?> values) =>
        values.Count == 0 ? null : string.Join(", ", values.Select(Of));

    public static string Of(object? value) => value switch
    {
        null => "$null",
        bool b => b ? "$true" : "$false",
        string s => "'" + s.Replace("'", "''") + "'",
        char c => "'" + (c == '\'' ? "''" : c.ToString()) + "'",
        double d when double.IsFinite(d) => d.ToString("R", CultureInfo.InvariantCulture),
        float f when float.IsFinite(f) => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "d",
        sbyte or byte or short or ushort or int or uint or long or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => "…",
    };
}
