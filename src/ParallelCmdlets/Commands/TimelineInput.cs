using System.Globalization;
using System.Management.Automation;
using System.Reflection;

namespace ParallelCmdlets.Commands;

/// <summary>
/// What Show-Timeline and Export-Timeline can draw from: the module's own TaskRecord and StrategyResult objects,
/// and the same brought back by Import-Clixml (Deserialized.ParallelCmdlets.*) or Import-Csv (rows with a task's
/// RunId, TaskId, Start and End columns), rebuilt as task records from their properties.
/// </summary>
internal static class TimelineInput
{
    /// <summary>The properties a task's bar cannot be drawn without.</summary>
    private static readonly string[] Needed = [nameof(TaskRecord.RunId), nameof(TaskRecord.TaskId), nameof(TaskRecord.Start), nameof(TaskRecord.End)];

    private static readonly PropertyInfo[] Settable = typeof(TaskRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.SetMethod!.IsPublic).ToArray();

    /// <summary>What <paramref name="input"/> gives to draw: itself when it is the module's own, else rebuilt records; none when it cannot be drawn.</summary>
    public static IReadOnlyList<object> Drawable(PSObject input)
    {
        if (input.BaseObject is TaskRecord or StrategyResult) return [input.BaseObject];
        if (TryRebuild(input) is { } record) return [record];
        // A StrategyResult brought back with enough depth (Export-Clixml -Depth 4) carries its runs' records: draw its run nearest the mean.
        if (input.Properties["Runs"]?.Value is { } runs && input.Properties["RunId"]?.Value is { } runId)
        {
            var shown = Enumerate(runs).FirstOrDefault(r => Equals(r.Properties["RunId"]?.Value?.ToString(), runId.ToString()));
            if (shown?.Properties["Records"]?.Value is { } records)
            {
                var rebuilt = Enumerate(records).Select(TryRebuild).OfType<TaskRecord>().ToList<object>();
                if (rebuilt.Count > 0) return rebuilt;
            }
        }
        return [];
    }

    /// <summary>
    /// A StrategyResult flattened to a row (Import-Csv of results): it names its run and verdict but keeps its task
    /// records only as a count ("16 tasks"), so there is nothing to draw from it; the message then names what is.
    /// </summary>
    public static bool IsResultRow(PSObject input) =>
        input.BaseObject is not StrategyResult && input.Properties[nameof(TaskRecord.TaskId)] is null &&
        input.Properties[nameof(StrategyResult.RunId)] is not null && input.Properties[nameof(StrategyResult.TaskRecords)] is not null;

    /// <summary>What to do instead with result rows: write the task records themselves, or keep the results whole.</summary>
    public const string ResultRowsAdvice =
        "A result written by Export-Csv keeps its task records only as a count (the TaskRecords column). Write the records themselves and draw those: " +
        "$r.TaskRecords | Export-Csv tasks.csv, then Import-Csv tasks.csv | Show-Timeline; or keep whole results with Export-Result and Import-Result.";

    private static IEnumerable<PSObject> Enumerate(object value) =>
        (LanguagePrimitives.GetEnumerable(value) ?? Array.Empty<object>()).Cast<object>().Select(PSObject.AsPSObject);

    /// <summary>A task record from an object with its properties (a deserialized record, a CSV row), or null.</summary>
    private static TaskRecord? TryRebuild(PSObject input)
    {
        if (Needed.Any(name => input.Properties[name]?.Value is null or "")) return null;
        var record = new TaskRecord();
        try
        {
            foreach (var property in Settable)
            {
                var value = input.Properties[property.Name]?.Value;
                if (value is null || (value is string text && text.Length == 0 && property.PropertyType != typeof(string))) continue;
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                property.SetValue(record, LanguagePrimitives.ConvertTo(PSObject.AsPSObject(value).BaseObject, type, CultureInfo.InvariantCulture));
            }
        }
        catch (PSInvalidCastException)
        {
            return null;
        }
        return record;
    }
}
