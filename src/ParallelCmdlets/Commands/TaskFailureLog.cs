using System.Management.Automation;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Commands;

/// <summary>
/// The failed tasks of a measuring command, written as one error per distinct failure with how often and under
/// which strategies it happened: code that always throws fails every task of every run the same way, and a
/// hundred identical errors hide the one thing to read. Used on the pipeline thread only.
/// </summary>
internal sealed class TaskFailureLog(Action<ErrorRecord> writeError, bool stopOnFirst)
{
    private readonly Dictionary<string, Failure> failures = new(StringComparer.Ordinal);

    private sealed class Failure(TaskRecord first)
    {
        public TaskRecord First { get; } = first;
        public int Count { get; set; }
        public SortedDictionary<Strategy, int> ByStrategy { get; } = [];
    }

    public void Add(TaskRecord record)
    {
        if (record.Status != TaskState.Failed) return;
        // With -ErrorAction Stop the first failure ends the run at once, as it always did.
        if (stopOnFirst)
        {
            writeError(ErrorFor(record, 1, $"{record.Strategy}"));
            return;
        }
        var key = record.Error ?? "";
        if (!failures.TryGetValue(key, out var failure)) failures[key] = failure = new Failure(record);
        failure.Count++;
        failure.ByStrategy[record.Strategy] = failure.ByStrategy.GetValueOrDefault(record.Strategy) + 1;
    }

    /// <summary>Writes one error per distinct failure collected so far, in the order each was first seen, and forgets them.</summary>
    public void WriteAll()
    {
        foreach (var failure in failures.Values)
            writeError(ErrorFor(failure.First, failure.Count, string.Join(", ", failure.ByStrategy.Select(s => $"{s.Key} {s.Value}"))));
        failures.Clear();
    }

    private static ErrorRecord ErrorFor(TaskRecord first, int count, string where)
    {
        var message = count == 1
            ? $"Task {first.TaskId} ({first.Strategy}, worker {first.WorkerId}) failed: {first.Error}"
            : $"{count} tasks failed with the same error ({where}; the first was task {first.TaskId}, {first.Strategy} worker {first.WorkerId}): {first.Error}";
        return new ErrorRecord(new InvalidOperationException(message), ErrorIds.TaskFailed, ErrorCategory.OperationStopped, first);
    }
}
