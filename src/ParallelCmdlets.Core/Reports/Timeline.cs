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

    /// <summary>
    /// The default title names what every panel shares: "Transfer — 2 workers, 8 tasks". A setting that differs
    /// between panels is left out here and named on each panel instead (<see cref="TimelinePanel.Setting"/>).
    /// </summary>
    public static string DefaultTitle(IReadOnlyList<TimelinePanel> panels)
    {
        var workloads = panels.Select(p => p.Workload).Where(w => w.Length > 0).Distinct().ToList();
        var name = workloads.Count > 0 ? string.Join(", ", workloads) : "Timeline";
        var parts = new List<string>();
        // Sequential runs one worker by nature: the title names the workers of the others when they agree.
        var pools = panels.Where(p => !p.Strategy.IsBaseline()).Select(p => (p.Workers, p.ThreadsPerWorker)).Distinct().ToList();
        if (pools.Count == 1) parts.Add(TimelinePanel.DescribeWorkers(pools[0].Workers, pools[0].ThreadsPerWorker));
        else if (pools.Count == 0 && panels.Count > 0) parts.Add(TimelinePanel.DescribeWorkers(1, 1));
        var tasks = panels.Select(p => p.Tasks.Count).Distinct().ToList();
        if (tasks.Count == 1) parts.Add($"{tasks[0]} task{(tasks[0] == 1 ? "" : "s")}");
        return parts.Count == 0 ? name : $"{name} — {string.Join(", ", parts)}";
    }
}

/// <summary>One run of one strategy: its tasks, one row each, and the run's whole span. A record, so the builder
/// names a panel's setting with <c>with</c>, every other property carried over.</summary>
public sealed record TimelinePanel
{
    public string RunId { get; init; } = "";
    public string Workload { get; init; } = "";
    public Strategy Strategy { get; init; }

    /// <summary>How a Processes run moved its data: the panel is named for it when not Copy.</summary>
    public TransferMode TransferMode { get; init; }

    /// <summary>A PowerShell tool's fixed form (its block with a scope of its own): the panel is named for it.</summary>
    public bool Wrapped { get; init; }
    public int Workers { get; init; }
    public int ThreadsPerWorker { get; init; } = 1;

    /// <summary>"Processes", "Processes (SharedMemory)", or "ForEachParallel (& { })".</summary>
    public string Name => TransferModes.Name(Strategy, TransferMode, Wrapped);

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

    /// <summary>The settings this panel does not share with the others ("Sleep, 3 workers"); empty when all share them.</summary>
    public string Setting { get; init; } = "";

    /// <summary>"1 worker", "2 workers", "2 workers × 3 threads".</summary>
    public static string DescribeWorkers(int workers, int threadsPerWorker) =>
        $"{workers} worker{(workers == 1 ? "" : "s")}{(threadsPerWorker > 1 ? $" × {threadsPerWorker} threads" : "")}";

    /// <summary>"Threads — 1.23 s, 1.95× (1.90–2.00), fastest", "Processes (SharedMemory) — …", or "Threads (Sleep, 3 workers) — …" when panels differ.</summary>
    public string Label
    {
        get
        {
            // One pair of brackets for the mode and the setting: "Processes (SharedMemory, Transfer)".
            var details = string.Join(", ", new[] { Wrapped ? Strategy.WrappedForm() : TransferMode == TransferMode.Copy ? "" : TransferMode.ToString(), Setting }.Where(d => d.Length > 0));
            var label = $"{Strategy}{(details.Length > 0 ? $" ({details})" : "")} — {TimeFormat.Seconds(SpanEnd)}";
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
