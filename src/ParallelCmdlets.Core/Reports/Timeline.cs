namespace ParallelCmdlets.Reports;

/// <summary>
/// What a timeline shows: one panel per run, all drawn on one time axis so bar lengths compare across panels.
/// Built by <see cref="TimelineBuilder"/>; drawn by <see cref="TimelineSvg"/> and <see cref="TimelineConsole"/>.
/// </summary>
public sealed class Timeline
{
    public Timeline(string title, IReadOnlyList<TimelinePanel> panels)
    {
        Title = title;
        Panels = panels;
    }

    /// <summary>Workload, workers and tasks, or what the caller asked for.</summary>
    public string Title { get; }

    /// <summary>Sequential, then Threads, then Processes; runs of the same strategy in the order they came.</summary>
    public IReadOnlyList<TimelinePanel> Panels { get; }

    /// <summary>Seconds the shared axis covers: the longest panel, so every panel uses the same scale.</summary>
    public double AxisSeconds
    {
        get
        {
            var longest = Panels.Count == 0 ? 0 : Panels.Max(p => p.Extent);
            return longest > 0 ? longest : 1e-3; // an all-zero run still needs a non-zero scale
        }
    }

    /// <summary>The default title: "Transfer — 2 workers, 8 tasks".</summary>
    public static string DefaultTitle(IReadOnlyList<TimelinePanel> panels)
    {
        var workloads = string.Join(", ", panels.Select(p => p.Workload).Where(w => w.Length > 0).Distinct());
        var workers = panels.Count == 0 ? 0 : panels.Max(p => p.Workers);
        var threads = panels.Count == 0 ? 1 : panels.Max(p => p.ThreadsPerWorker);
        var tasks = panels.Count == 0 ? 0 : panels.Max(p => p.Tasks.Count);
        var name = workloads.Length > 0 ? workloads : "Timeline";
        var perWorker = threads > 1 ? $" × {threads} threads" : "";
        return $"{name} — {workers} worker{(workers == 1 ? "" : "s")}{perWorker}, {tasks} task{(tasks == 1 ? "" : "s")}";
    }
}

/// <summary>One run of one strategy: its tasks, one row each, and the run's whole span.</summary>
public sealed class TimelinePanel
{
    public string RunId { get; init; } = "";
    public string Workload { get; init; } = "";
    public Strategy Strategy { get; init; }

    /// <summary>How a Processes run moved its data: the panel is named for it when not Copy.</summary>
    public TransferMode TransferMode { get; init; }
    public int Workers { get; init; }
    public int ThreadsPerWorker { get; init; } = 1;

    /// <summary>"Processes", or "Processes (SharedMemory)".</summary>
    public string Name => TransferModes.Name(Strategy, TransferMode);

    /// <summary>The run's tasks ordered by TaskId (grouped by host first, for Remote): one row each.</summary>
    public IReadOnlyList<TaskRecord> Tasks { get; init; } = Array.Empty<TaskRecord>();

    /// <summary>The run's elapsed seconds when a StrategyResult said so; otherwise the last task's end.</summary>
    public double? Elapsed { get; init; }

    /// <summary>Sequential's elapsed over this one's, when known, with its interval.</summary>
    public double? Speedup { get; init; }
    public double? SpeedupLow { get; init; }
    public double? SpeedupHigh { get; init; }

    /// <summary>What the comparison concluded of this strategy in a few words: fastest, tie, or a figure that breaks a bound.</summary>
    public string Standing { get; init; } = "";

    /// <summary>End of the run-span bar (it starts at 0, the run's start).</summary>
    public double SpanEnd => Elapsed ?? LastEnd;

    /// <summary>How far this panel reaches on the time axis.</summary>
    public double Extent => Math.Max(SpanEnd, LastEnd);

    private double LastEnd => Tasks.Count == 0 ? 0 : Tasks.Max(t => t.End);

    /// <summary>"Threads — 1.23 s, 1.95× (1.90–2.00), fastest"; "Processes (SharedMemory) — …".</summary>
    public string Label
    {
        get
        {
            var label = $"{Name} — {TimeFormat.Seconds(SpanEnd)}";
            if (Speedup is { } speedup)
            {
                label += FormattableString.Invariant($", {speedup:0.00}×");
                if (SpeedupLow is { } low && SpeedupHigh is { } high && high > low) label += FormattableString.Invariant($" ({low:0.00}–{high:0.00})");
            }
            if (Standing.Length > 0) label += $", {Standing}";
            var failed = Tasks.Count(t => t.Status == TaskState.Failed);
            var cancelled = Tasks.Count(t => t.Status == TaskState.Cancelled);
            if (failed > 0) label += $", {failed} failed";
            if (cancelled > 0) label += $", {cancelled} cancelled";
            return label;
        }
    }
}
