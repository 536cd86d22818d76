namespace ParallelCmdlets.Reports;

/// <summary>
/// Collects task records and strategy results as they arrive (from a pipeline, in any order) and groups them
/// by RunId into panels. A StrategyResult brings the tasks of its run nearest the mean, its Speedup, and which run that is.
/// </summary>
public sealed class TimelineBuilder
{
    private readonly List<string> runOrder = [];
    private readonly Dictionary<string, List<TaskRecord>> recordsByRun = [];
    private readonly HashSet<(string RunId, int TaskId)> seen = [];
    private readonly Dictionary<string, StrategyResult> resultsByRun = [];

    /// <summary>True until a usable task record has been added.</summary>
    public bool IsEmpty => recordsByRun.Values.All(r => r.Count == 0);

    /// <summary>Adds a TaskRecord or StrategyResult; false for anything else, so the caller can say so.</summary>
    public bool TryAdd(object? item)
    {
        switch (item)
        {
            case TaskRecord record: Add(record); return true;
            case StrategyResult result: Add(result); return true;
            default: return false;
        }
    }

    public void Add(TaskRecord record)
    {
        var records = RunRecords(record.RunId);
        // The same run can arrive twice (its records and its StrategyResult); keep one row per task.
        if (seen.Add((record.RunId, record.TaskId))) records.Add(record);
    }

    public void Add(StrategyResult result)
    {
        var records = result.GetTaskRecords();
        var runId = result.RunId.Length > 0 ? result.RunId : records.FirstOrDefault()?.RunId ?? "";
        resultsByRun[runId] = result;
        RunRecords(runId);
        foreach (var record in records) Add(record);
    }

    public Timeline Build(string? title = null)
    {
        var created = runOrder
            .Where(id => recordsByRun[id].Count > 0)
            .Select((id, arrival) => (Panel: CreatePanel(id), Arrival: arrival))
            .ToList();
        var workloadOrder = created.Select(p => p.Panel.Workload).Distinct().ToList();
        var panels = created
            .OrderBy(p => workloadOrder.IndexOf(p.Panel.Workload)) // workloads in the order they came
            .ThenBy(p => p.Panel.Strategy) // enum order is Sequential, Threads, Processes
            .ThenBy(p => p.Arrival)
            .Select(p => p.Panel)
            .ToList();
        panels = LabelSettings(panels);
        return new Timeline(string.IsNullOrWhiteSpace(title) ? Timeline.DefaultTitle(panels) : title, panels);
    }

    /// <summary>
    /// Names on each panel the settings that differ between panels (workload, workers, tasks), so a title that
    /// can only name what they share never speaks for all. Sequential's one worker is named on its panel whenever
    /// another panel ran more, so a title naming "2 workers" is never read as Sequential's.
    /// </summary>
    private static List<TimelinePanel> LabelSettings(List<TimelinePanel> panels)
    {
        var byWorkload = panels.Select(p => p.Workload).Distinct().Count() > 1;
        var byWorkers = panels.Where(p => !p.Strategy.IsBaseline()).Select(p => (p.Workers, p.ThreadsPerWorker)).Distinct().Count() > 1;
        var byTasks = panels.Select(p => p.Tasks.Count).Distinct().Count() > 1;
        return panels.Select(p =>
        {
            var parts = new List<string>();
            if (byWorkload) parts.Add(p.Workload);
            if (byWorkers && !p.Strategy.IsBaseline()) parts.Add(TimelinePanel.DescribeWorkers(p.Workers, p.ThreadsPerWorker));
            if (p.Strategy.IsBaseline() && panels.Any(o => !o.Strategy.IsBaseline() && (o.Workers, o.ThreadsPerWorker) != (p.Workers, p.ThreadsPerWorker)))
                parts.Add(TimelinePanel.DescribeWorkers(p.Workers, p.ThreadsPerWorker));
            if (byTasks) parts.Add($"{p.Tasks.Count} task{(p.Tasks.Count == 1 ? "" : "s")}");
            return parts.Count == 0 ? p : p with { Setting = string.Join(", ", parts) };
        }).ToList();
    }

    private TimelinePanel CreatePanel(string runId)
    {
        // Remote runs group their rows by host (local tasks have none), so each host's workers read as a block.
        var tasks = recordsByRun[runId].OrderBy(r => r.HostName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.TaskId).ToList();
        var first = tasks[0];
        resultsByRun.TryGetValue(runId, out var result);
        return new TimelinePanel
        {
            RunId = runId,
            Workload = result?.Workload ?? first.Workload,
            Strategy = result?.Strategy ?? first.Strategy,
            TransferMode = result?.TransferMode ?? first.TransferMode,
            Wrapped = result?.Wrapped ?? false,
            Workers = result?.Workers ?? first.Workers,
            ThreadsPerWorker = Math.Max(1, result?.ThreadsPerWorker ?? first.ThreadsPerWorker),
            Tasks = tasks,
            // The drawn run's own time, so its whole-run bar ends where its last task does; the headline (a mean over
            // runs) is in the table and the label's speedup, and can be shorter than the run drawn.
            Elapsed = result?.Runs.FirstOrDefault(r => r.RunId == runId) is { Elapsed: > 0 } drawn ? drawn.Elapsed
                : result is { Elapsed: > 0 } ? result.Elapsed : null,
            Speedup = result?.Speedup,
            SpeedupLow = result?.SpeedupLow,
            SpeedupHigh = result?.SpeedupHigh,
            Standing = result is null ? "" : Standing(result),
        };
    }

    /// <summary>
    /// A superlinear figure is flagged on the picture itself, not only in the table, and so is a comparison that did
    /// not settle; with several runs, the label says which one is drawn. The flag is read from the result's
    /// Superlinear conclusion and its figures, never from its sentences.
    /// </summary>
    private static string Standing(StrategyResult result)
    {
        var parts = new List<string>();
        var beyond = result.Conclusions.FirstOrDefault(c => c.Id == ConclusionId.Superlinear);
        if (beyond is not null)
            parts.Add("⚠ " + (beyond.Figure(FigureNames.Bound) is { } bound && beyond.Figure(FigureNames.Workers) is { } workers && beyond.Figure(FigureNames.Cores) is { } cores
                ? Measurement.SuperlinearVerdict.Beyond(bound, (int)workers, (int)cores)
                : "beyond what the workers and cores allow"));
        else if (result.Fastest) parts.Add("fastest");
        else if (result.Tie) parts.Add($"tie with {result.TiedWith}");
        else if (!result.Settled) parts.Add("did not settle");
        var shown = result.Runs.ToList().FindIndex(r => r.RunId == result.RunId);
        if (result.Runs.Count > 1 && shown >= 0) parts.Add($"run {shown + 1} of {result.Runs.Count}, nearest the mean");
        return string.Join(", ", parts);
    }

    private List<TaskRecord> RunRecords(string runId)
    {
        if (!recordsByRun.TryGetValue(runId, out var records))
        {
            records = [];
            recordsByRun[runId] = records;
            runOrder.Add(runId);
        }
        return records;
    }
}
