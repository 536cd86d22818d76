using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace ParallelCmdlets.Commands;

/// <summary>
/// -Workload takes one name. Given several (-Workload Loop,Sleep), PowerShell said only "Cannot convert
/// System.Object[] to System.String"; this says how to run several instead: pipe them in.
/// </summary>
public sealed class OneWorkloadNameAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is string || value is not IList list) return inputData;
        if (list.Count == 1) return list[0];
        var names = string.Join(", ", list.Cast<object?>().Select(n => $"'{n}'"));
        throw new ArgumentTransformationMetadataException(
            $"-Workload takes one name, and was given {list.Count}. To run several, pipe them in, one after another: {names} | Compare-Strategy (Measure-Strategy, Invoke-Workload and Measure-Scaling take them the same way).");
    }
}

/// <summary>
/// -Size is a whole number in the workload's unit. PowerShell would round -Size 0.5 to 0 on the way in, and the
/// refusal then said "it was 0"; this refuses the fraction as the user typed it.
/// </summary>
public sealed class WholeSizeAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        var values = value is IList list ? list.Cast<object?>() : [value];
        foreach (var item in values.Select(v => v is PSObject p ? p.BaseObject : v))
            if (Fraction(item) is { } text)
                throw new ArgumentTransformationMetadataException(
                    $"-Size takes a whole number in the workload's unit (see Get-Workload); {text} is not one. Leave -Size out to use the workload's default.");
        return inputData;
    }

    /// <summary>The number as typed when it has a fractional part, else null.</summary>
    private static string? Fraction(object? value) => value switch
    {
        double d when d != Math.Floor(d) => d.ToString(CultureInfo.InvariantCulture),
        float f when f != Math.Floor(f) => f.ToString(CultureInfo.InvariantCulture),
        decimal m when m != decimal.Floor(m) => m.ToString(CultureInfo.InvariantCulture),
        string s when !long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed != Math.Floor(parsed) => s,
        _ => null,
    };
}
