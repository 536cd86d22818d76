using System.Management.Automation;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Receives reports on worker threads and posts them to the pipeline thread: verbose phases, progress, and
/// each finished task for the cmdlet to write. Progress is one bar for the command, whose status is the
/// phase (preparing, pool start, warm-up, repeat), and under it one bar per strategy that counts its tasks,
/// warm-ups included, and is closed when the strategy has run its last round.
/// </summary>
internal sealed class ExperimentProgress(Cmdlet command, PipelineHandOff handOff, string activity) : IExperimentObserver
{
    /// <summary>Task counts update a bar at most five times a second; starts, ends and phases always do.</summary>
    private static readonly long ProgressInterval = System.Diagnostics.Stopwatch.Frequency / 5;
    private const int CommandBarId = 1;

    private readonly ProgressBars bars = new(command, CommandBarId, activity);
    private long lastProgress;
    private volatile CurrentRun? current;
    private volatile RunStage? lastStage;
    private int experiment;
    private int experiments = 1;
    private int runsFinished;
    private string phase = "Starting";

    public Action<TaskRecord>? OnTask { get; set; }

    /// <summary>Hand only failed tasks to <see cref="OnTask"/>.</summary>
    public bool OnlyFailedTasks { get; set; }

    /// <summary>Name each strategy's bar with its worker count too, for a sweep that runs a strategy at several.</summary>
    public bool LabelWorkers { get; set; }

    /// <summary>A sweep runs one experiment per size: the command's bar covers them all.</summary>
    public void BeginExperiment(int index, int count)
    {
        experiment = index;
        experiments = Math.Max(1, count);
        runsFinished = 0;
        current = null;
        lastStage = null;
    }

    public void Phase(string message)
    {
        phase = message;
        var percent = CommandPercent(0);
        handOff.Post(() =>
        {
            command.WriteVerbose(message);
            bars.UpdateCommand(message, percent);
        });
    }

    /// <summary>Hands any action to the pipeline thread, such as writing a finished part of a longer job.</summary>
    public void Post(Action action) => handOff.Post(action);

    public void RunStarting(RunStage stage)
    {
        var run = new CurrentRun(stage, CommandBarId + 1 + experiment * stage.Plans + stage.PlanIndex, Label(stage.Plan));
        current = run;
        lastStage = stage;
        Interlocked.Exchange(ref lastProgress, System.Diagnostics.Stopwatch.GetTimestamp());
        PostRun(run, 0, finished: false);
    }

    public void RunFinished(RunStage stage)
    {
        if (current is not { } run || run.Stage != stage) return;
        Interlocked.Increment(ref runsFinished);
        // The run's last count, never left to the rate limit; then the strategy's bar closes after its last run.
        current = null;
        PostRun(run, stage.Tasks, finished: true);
    }

    public void TaskFinished(TaskRecord record)
    {
        if (OnTask is { } onTask && (!OnlyFailedTasks || record.Status == TaskState.Failed)) handOff.Post(() => onTask(record));
        CountTask();
    }

    public void UntimedTaskFinished(TaskRecord record) => CountTask();

    private void CountTask()
    {
        if (current is not { } run) return;
        var done = Interlocked.Increment(ref run.Done);
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref lastProgress);
        if (now - last >= ProgressInterval && Interlocked.CompareExchange(ref lastProgress, now, last) == last)
            PostRun(run, done, finished: false);
    }

    /// <summary>Everything a record needs is read here, on the reporting thread, so a later run cannot change what it says.</summary>
    private void PostRun(CurrentRun run, int done, bool finished)
    {
        var closing = finished && run.Stage.IsLastOfPlan;
        var stage = run.Stage;
        var status = $"{stage.Describe()}: {done} of {stage.Tasks} tasks";
        var perPlan = Math.Max(1, stage.RunsPerPlan * stage.Tasks);
        var percent = Math.Min(100, (stage.RunsBefore * stage.Tasks + done) * 100 / perPlan);
        var commandPercent = CommandPercent(finished ? 0 : done);
        var commandStatus = phase;
        handOff.Post(() =>
        {
            bars.UpdateCommand(commandStatus, commandPercent);
            bars.UpdateChild(run.BarId, run.Label, status, percent);
            if (closing) bars.CompleteChild(run.BarId);
        });
    }

    /// <summary>The share of the command done: finished runs and this run's tasks, over every run of every experiment.</summary>
    private int CommandPercent(int doneInRun)
    {
        if (lastStage is not { } stage) return Math.Min(100, experiment * 100 / experiments);
        var perExperiment = Math.Max(1.0, (double)stage.Plans * stage.RunsPerPlan * stage.Tasks);
        var inExperiment = Math.Min(1.0, (Volatile.Read(ref runsFinished) * stage.Tasks + doneInRun) / perExperiment);
        return (int)Math.Min(100, (experiment + inExperiment) * 100 / experiments);
    }

    private string Label(StrategyPlan plan)
    {
        var label = plan.ThreadsPerWorker > 1 ? $"{plan.Label} {plan.Workers}×{plan.ThreadsPerWorker}" : plan.Label;
        if (LabelWorkers && plan.ThreadsPerWorker == 1) label += $" ×{plan.Workers}";
        return plan.GcMode is { } gc ? $"{label} ({gc} GC)" : label;
    }

    /// <summary>Closes every bar still open, strategies first; on the pipeline thread, once the job has ended.</summary>
    public void CloseBars() => bars.CompleteAll();

    private sealed class CurrentRun(RunStage stage, int barId, string label)
    {
        public RunStage Stage { get; } = stage;
        public int BarId { get; } = barId;
        public string Label { get; } = label;
        public int Done;
    }
}

/// <summary>
/// The progress records of one command, written on the pipeline thread only: each Completed record carries the
/// activity it completes, and nothing is left open.
/// </summary>
internal sealed class ProgressBars(Cmdlet command, int commandId, string commandActivity)
{
    private readonly SortedDictionary<int, string> openChildren = [];
    private readonly Dictionary<int, (string Status, int Percent)> shown = [];
    private bool commandOpen;

    public void UpdateCommand(string status, int percent)
    {
        commandOpen = true;
        if (Unchanged(commandId, status, percent)) return;
        command.WriteProgress(new ProgressRecord(commandId, commandActivity, status) { PercentComplete = percent });
    }

    public void UpdateChild(int id, string activity, string status, int percent)
    {
        openChildren[id] = activity;
        if (Unchanged(id, status, percent)) return;
        command.WriteProgress(new ProgressRecord(id, activity, status) { ParentActivityId = commandId, PercentComplete = percent });
    }

    /// <summary>A bar already showing this is not written again: a phase and its run's start often say the same.</summary>
    private bool Unchanged(int id, string status, int percent)
    {
        if (shown.TryGetValue(id, out var last) && last == (status, percent)) return true;
        shown[id] = (status, percent);
        return false;
    }

    public void CompleteChild(int id)
    {
        if (!openChildren.Remove(id, out var activity)) return;
        command.WriteProgress(new ProgressRecord(id, activity, "Done")
        {
            ParentActivityId = commandId,
            PercentComplete = 100,
            RecordType = ProgressRecordType.Completed,
        });
    }

    public void CompleteAll()
    {
        try
        {
            foreach (var id in openChildren.Keys.ToList()) CompleteChild(id);
            if (!commandOpen) return;
            commandOpen = false;
            command.WriteProgress(new ProgressRecord(commandId, commandActivity, "Done")
            {
                PercentComplete = 100,
                RecordType = ProgressRecordType.Completed,
            });
        }
        catch (PipelineStoppedException)
        {
            // Stopped by Ctrl+C or -ErrorAction Stop: the host clears the bars itself.
        }
    }
}
