using System.Collections;
using System.Globalization;
using System.Text.Json.Serialization;

namespace ParallelCmdlets;

/// <summary>
/// One strategy measured over several repeats, compared with the others: plain data, built once by
/// <see cref="Measurement.Comparison.Analyze"/> from every run. Times are seconds.
/// </summary>
public sealed class StrategyResult
{
    public string Workload { get; init; } = "";

    /// <summary>The size the workload ran at, in <see cref="SizeUnit"/> (the workload's own unit, see Get-Workload).</summary>
    public long Size { get; init; }
    public string SizeUnit { get; init; } = "";
    public Strategy Strategy { get; init; }

    /// <summary>
    /// Processes only: how arguments and results reached the workers, Copy (through the socket) or SharedMemory
    /// (left in maps both processes share). Copy for the other strategies, which move nothing between processes.
    /// </summary>
    public TransferMode TransferMode { get; init; }

    /// <summary>
    /// PowerShell's tools that run a block without a scope of its own (ForEachParallel, ThreadJob, RunspacePool):
    /// true on the row of the fixed form, the body wrapped in & { } (a RunspacePool: AddScript(script, $true)),
    /// measured beside the row as written. False for every other row.
    /// </summary>
    public bool Wrapped { get; init; }

    /// <summary>The row's name: "Threads", "Processes (SharedMemory)", "ForEachParallel (& { })".</summary>
    public string StrategyName => TransferModes.Name(Strategy, TransferMode, Wrapped);

    /// <summary>
    /// The text of the -ScriptBlock that ran (what the answer's command is written with); null for a built-in
    /// workload, and for a result read from a file written before results kept it (format 1.0).
    /// </summary>
    public string? Code { get; init; }

    /// <summary>
    /// The -ArgumentList every task of the -ScriptBlock got, written as PowerShell source ("200000"); null when it
    /// got none, and for a result read from a file written before results kept it. The answer's command passes the
    /// user's items where the tasks got these.
    /// </summary>
    public string? Arguments { get; init; }
    public int Workers { get; init; }
    public int ThreadsPerWorker { get; init; }

    /// <summary>Tasks that could run at once: Workers × ThreadsPerWorker.</summary>
    public int Parallelism => Workers * ThreadsPerWorker;
    public int Tasks { get; init; }

    /// <summary>When the first timed run started, on the wall clock (UTC).</summary>
    public DateTime StartedUtc { get; init; }

    /// <summary>Timed runs kept (warm-ups and disturbed runs that were repeated are not).</summary>
    public int Repeat { get; init; }

    /// <summary>Untimed runs before the timed ones: until the run times stopped falling, or as -Warmup fixed.</summary>
    public int Warmup { get; init; }

    /// <summary>
    /// The headline: the mean of the runs' elapsed times, what a batch costs in steady state (a collection paid in
    /// two runs of five is part of the cost).
    /// </summary>
    public double Elapsed { get; init; }

    /// <summary>The 95 % interval of the mean elapsed time (Student's t; null with fewer than two runs).</summary>
    public double? ElapsedLow { get; init; }
    public double? ElapsedHigh { get; init; }

    /// <summary>The lower median of the runs' elapsed times (a run that happened) beside the mean, with its Harrell–Davis interval.</summary>
    public double Median { get; init; }
    public double? MedianLow { get; init; }
    public double? MedianHigh { get; init; }

    /// <summary>Half the mean's interval over the mean (0.05 reads ±5 %), the target the adaptive rule aimed at, and why it stopped.</summary>
    public double Precision { get; init; }
    public double PrecisionTarget { get; init; }
    public Measurement.Sampling.StopReason StopReason { get; init; }

    /// <summary>False when the means were too uncertain (a speedup interval could span more than 2×) to name a winner or a tie.</summary>
    public bool Settled { get; init; } = true;

    /// <summary>Timed runs set aside because other programs disturbed them, each run again, with why.</summary>
    public IReadOnlyList<Measurement.Sampling.DisturbedRun> RepeatedRuns
    {
        get => repeatedRuns;
        init => repeatedRuns = new Measurement.Sampling.DisturbedRunList(value ?? []);
    }
    private readonly Measurement.Sampling.DisturbedRunList repeatedRuns = new([]);

    /// <summary>The runs fall in separate groups (see the warning for what tells them apart).</summary>
    public bool SeveralModes { get; init; }

    /// <summary>Which run <see cref="RunId"/>, the per-run figures and the timeline show: the one nearest the mean.</summary>
    public string TimelineRun { get; init; } = "";
    public double ElapsedMin { get; init; }
    public double ElapsedMax { get; init; }

    /// <summary>Standard deviation of the runs' elapsed times over their mean.</summary>
    public double ElapsedCV { get; init; }

    /// <summary>Mean and longest task duration of the median run.</summary>
    public double TaskMean { get; init; }

    /// <summary>
    /// Wall seconds per task beyond the tasks' own work spread over the workers: what starting, dispatching and
    /// handing results back cost each task (PowerShell's tools: runspaces, processes, serialisation).
    /// </summary>
    public double OverheadPerTask { get; init; }
    public double TaskMax { get; init; }

    /// <summary>
    /// Seconds the median run's tasks spent moving data between processes (under SharedMemory: copying the argument
    /// into its map and the hand-over, both ways), and the payload bytes that crossed the workers' sockets.
    /// </summary>
    public double TransferSeconds { get; init; }
    public long BytesMoved { get; init; }

    /// <summary>Seconds the pool took to start, before any run; never part of Elapsed.</summary>
    public double StartupSeconds { get; init; }

    /// <summary>Remote: how far the other hosts' stamps may be off after mapping their clocks to this one (the worst host), in seconds; 0 here.</summary>
    public double ClockUncertainty { get; init; }

    /// <summary>Share of all cores the median run's work kept busy, 0 to 1.</summary>
    public double CpuUtilization { get; init; }

    /// <summary>Cores one task kept busy while it ran (median run): above 1 when the task is itself parallel.</summary>
    public double CoresPerTask { get; init; }

    /// <summary>Seconds and share of the task threads' time that garbage collection stopped them (median run).</summary>
    public double GcPauseSeconds { get; init; }
    public double GcPauseShare { get; init; }

    /// <summary>Median share of the cores that other processes used during these runs; null where unknown.</summary>
    public double? OtherLoad { get; init; }

    /// <summary>The garbage collector the tasks ran under.</summary>
    public string GcMode { get; init; } = "";

    /// <summary>Tasks that did not complete, over every timed run.</summary>
    public int FailedTasks { get; init; }

    /// <summary>Sequential's Elapsed over this one's; null without a Sequential baseline.</summary>
    public double? Speedup { get; init; }

    /// <summary>The interval of Speedup at <see cref="ConfidenceLevel"/>; null with fewer than two runs each.</summary>
    public double? SpeedupLow { get; init; }
    public double? SpeedupHigh { get; init; }

    /// <summary>Confidence of the intervals and of the test behind Fastest and Tie.</summary>
    public double ConfidenceLevel { get; init; }

    /// <summary>This TaskMean over Sequential's: how much slower each task ran than alone.</summary>
    public double? TaskInflation { get; init; }

    /// <summary>Faster than every other strategy, significantly and by more than the tie threshold.</summary>
    public bool Fastest { get; init; }

    /// <summary>Among the best, with no significant difference between them: no single winner.</summary>
    public bool Tie { get; init; }

    /// <summary>The strategies this one ties with, comma-separated.</summary>
    public string TiedWith { get; init; } = "";

    /// <summary>
    /// Every judgement about this result, typed (id, kind, figures, sentence): the verdict and any tie first, then the
    /// warnings and hints in the order <see cref="Warnings"/> lists them. Code reads their ids and figures, never
    /// their sentences; <see cref="Verdict"/> and <see cref="Warnings"/> are the sentences, for tables and CSV.
    /// </summary>
    public IReadOnlyList<Conclusion> Conclusions
    {
        get => conclusions;
        init => conclusions = value as ConclusionList ?? new ConclusionList(value ?? []);
    }
    private readonly ConclusionList conclusions = new([]);

    /// <summary>One short sentence on why, derived from the numbers: the verdicts' sentences, "scales: …; tie with Processes".</summary>
    public string Verdict => conclusions.VerdictText;

    /// <summary>What a careful reader should know about these numbers, one string so Export-Csv keeps them, separated by <see cref="WarningSeparator"/>.</summary>
    public string Warnings => string.Join(WarningSeparator, conclusions.WarningSentences);

    /// <summary>Every timed run, in the order they ran.</summary>
    public RunList Runs { get; init; } = new([]);

    /// <summary>Id of the run nearest the headline (see <see cref="TimelineRun"/>).</summary>
    public string RunId { get; init; } = "";

    /// <summary>The machine and runtimes the numbers come from.</summary>
    public EnvironmentInfo? Environment { get; init; }

    /// <summary>The environment in one line, a column Export-Csv keeps.</summary>
    public string EnvironmentSummary => Environment?.Summary ?? "";

    /// <summary>
    /// The task records of the median run, as a property so ConvertTo-Json writes them; a list that reads as a
    /// count, so an Export-Csv column stays one short cell.
    /// </summary>
    [JsonIgnore] // the results file keeps them once, inside Runs
    public TaskList TaskRecords => new(Runs.FirstOrDefault(r => r.RunId == RunId)?.Records ?? []);

    /// <summary>The task records of the median run (kept for scripts written before <see cref="TaskRecords"/>).</summary>
    public IReadOnlyList<TaskRecord> GetTaskRecords() => TaskRecords;

    /// <summary>The file this result was read from by Import-Result; null for a result measured in this session.</summary>
    [JsonIgnore]
    public string? ImportedFrom { get; internal set; }

    /// <summary>Each warning (and hint) on its own: the sentences of <see cref="Conclusions"/> that are not the verdict.</summary>
    public IReadOnlyList<string> GetWarnings() => conclusions.WarningSentences;

    /// <summary>Between warnings in <see cref="Warnings"/>: a character no warning's own text uses.</summary>
    public const string WarningSeparator = " | ";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Workload} {StrategyName}: {Elapsed:0.###} s");
}

/// <summary>A strategy's runs; reads as their elapsed times, so a CSV column stays readable.</summary>
public sealed class RunList(IReadOnlyList<RunResult> runs) : IReadOnlyList<RunResult>
{
    public RunResult this[int index] => runs[index];
    public int Count => runs.Count;
    public IEnumerator<RunResult> GetEnumerator() => runs.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        string.Join(" ", runs.Select(r => r.Elapsed.ToString("0.######", CultureInfo.InvariantCulture) + (r.FailedTasks > 0 ? "!" : "")));
}

/// <summary>Task records; reads as their count and how many failed, so a CSV column stays one short cell.</summary>
public sealed class TaskList(IReadOnlyList<TaskRecord> records) : IReadOnlyList<TaskRecord>
{
    public TaskRecord this[int index] => records[index];
    public int Count => records.Count;
    public IEnumerator<TaskRecord> GetEnumerator() => records.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        var failed = records.Count(r => r.Status != TaskState.Completed);
        return string.Create(CultureInfo.InvariantCulture, $"{records.Count} tasks{(failed > 0 ? $", {failed} not completed" : "")}");
    }
}
