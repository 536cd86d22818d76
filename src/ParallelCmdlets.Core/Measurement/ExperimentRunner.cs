using System.Runtime;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Measurement;

/// <summary>How one strategy is to be run.</summary>
public sealed record StrategyPlan(Strategy Strategy, int Workers, int ThreadsPerWorker)
{
    /// <summary>The collector of this plan's worker processes; null for the experiment's own (ExecutorOptions.WorkerGcMode).</summary>
    public WorkerGcMode? GcMode { get; init; }

    /// <summary>Processes only: how arguments and results reach the workers.</summary>
    public TransferMode TransferMode { get; init; }

    /// <summary>"Processes", or "Processes (SharedMemory)".</summary>
    public string Name => TransferModes.Name(Strategy, TransferMode);
}

/// <summary>What an experiment reports while it runs. Called from worker threads: hand over, never block.</summary>
public interface IExperimentObserver : ITaskSink
{
    /// <summary>A phase begins: preparing, pool start, warm-up, repeat n.</summary>
    void Phase(string message);

    /// <summary>One run of one strategy begins, warm-up or timed: where it stands, for a progress bar.</summary>
    void RunStarting(RunStage stage) { }

    /// <summary>That run has ended; <see cref="RunStage.IsLastOfPlan"/> says the strategy has no run left.</summary>
    void RunFinished(RunStage stage) { }

    /// <summary>A task of an untimed run (a warm-up) ended: it counts for progress, its record is no result.</summary>
    void UntimedTaskFinished(TaskRecord record) { }
}

/// <summary>
/// One run's place in an experiment: the <paramref name="PlanIndex"/>th of <paramref name="Plans"/> strategies, run
/// <paramref name="Number"/> of <paramref name="Of"/> of its kind, after <paramref name="RunsBefore"/> of the
/// <paramref name="RunsPerPlan"/> runs every strategy gets (warm-ups and repeats; repeats may be cut by the budget).
/// </summary>
public sealed record RunStage(StrategyPlan Plan, int PlanIndex, int Plans, bool Timed, int Number, int Of, int RunsBefore, int RunsPerPlan, int Tasks)
{
    public bool IsLastOfPlan => RunsBefore + 1 >= RunsPerPlan;

    /// <summary>"warm-up 1 of 1" or "repeat 3 of 5".</summary>
    public string Describe() => Timed ? $"repeat {Number} of {Of}" : $"warm-up {Number} of {Of}";
}

/// <summary>Hands an untimed run's tasks to the observer as progress only.</summary>
internal sealed class UntimedTaskSink(IExperimentObserver observer) : ITaskSink
{
    public void TaskFinished(TaskRecord record) => observer.UntimedTaskFinished(record);
}

/// <summary>
/// Runs one workload under one or more strategies as a controlled experiment. The workload is prepared once,
/// before any timing; every strategy's pool is started before the first run and its start-up reported apart;
/// warm-ups and repeats then run interleaved in rotating order (S T P, T P S, P S T, ...), so load that drifts
/// lands on every strategy alike; every run starts from collected memory in every process that runs tasks.
/// </summary>
public sealed class ExperimentRunner : IDisposable
{
    private readonly Workload workload;
    private readonly IExperimentObserver observer;
    private readonly ExecutorOptions options;

    public ExperimentRunner(WorkloadCatalog catalog, WorkloadSpec spec, ExecutorOptions options, IExperimentObserver observer)
    {
        this.observer = observer;
        this.options = options;
        observer.Phase($"Preparing workload {spec.Name} (size {spec.Size}, {spec.Tasks} tasks)");
        workload = catalog.Create(spec);
        try
        {
            workload.PrepareShared();
            workload.PrepareLocal();
        }
        catch
        {
            workload.Dispose();
            throw;
        }
    }

    public WorkloadSpec Spec => workload.Spec;

    /// <summary>One timed run after the pool has started: what Invoke-Workload reports.</summary>
    public RunResult RunOnce(StrategyPlan plan, CancellationToken cancellation)
    {
        using var gate = MeasurementGate.Enter(observer.Phase, cancellation);
        using var executor = StartExecutor(plan, cancellation);
        observer.Phase($"{plan.Strategy}: running {workload.Spec.Tasks} tasks");
        var stage = new RunStage(plan, 0, 1, Timed: true, 1, 1, 0, 1, workload.Spec.Tasks);
        observer.RunStarting(stage);
        var result = RunFromSettledState(executor, plan, observer, round: 0, warmup: 0, cancellation);
        observer.RunFinished(stage);
        return result;
    }

    /// <summary>
    /// Starts every pool, then runs <paramref name="warmup"/> untimed and <paramref name="repeat"/> timed rounds,
    /// each round one run of every strategy, the order rotating by one each round.
    /// </summary>
    /// <param name="budget">When set, the first round is a pilot that keeps the whole within it (see <see cref="TimeBudget"/>).</param>
    public IReadOnlyList<MeasuredStrategy> Measure(IReadOnlyList<StrategyPlan> plans, int repeat, int warmup, CancellationToken cancellation,
        TimeBudget? budget = null)
    {
        using var gate = MeasurementGate.Enter(observer.Phase, cancellation);
        var executors = new List<IExecutor>(plans.Count);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var notes = new List<string>();
        try
        {
            foreach (var plan in plans) executors.Add(StartExecutor(plan, cancellation));
            // Waiting out other programs is not the experiment's cost: it is left out of what the budget projects.
            var settling = System.Diagnostics.Stopwatch.StartNew();
            QuietStart.Wait(QuietStart.MeasureOtherLoad, observer.Phase, cancellation);
            var settledIn = settling.Elapsed.TotalSeconds;
            var runs = plans.Select(_ => new List<RunResult>(repeat)).ToArray();
            // A strategy whose every task failed in a timed run is not run again: its repeats would only repeat the
            // failure. One whose warm-up failed throughout goes straight to its first timed run, to be reported.
            var stopped = new bool[plans.Count];
            var warmupFailed = new bool[plans.Count];
            var roundSeconds = 0.0;
            for (var round = 0; round < warmup + repeat; round++)
            {
                // A round's cost is its wall time: the runs and what each needs around it (settling, usage readings).
                var roundStart = clock.Elapsed.TotalSeconds;
                var timed = round >= warmup;
                for (var k = 0; k < plans.Count; k++)
                {
                    var i = (round + k) % plans.Count;
                    if (stopped[i] || (!timed && warmupFailed[i])) continue;
                    ITaskSink sink = timed ? observer : new UntimedTaskSink(observer);
                    var stage = new RunStage(plans[i], i, plans.Count, timed, timed ? round - warmup + 1 : round + 1, timed ? repeat : warmup,
                        round, warmup + repeat, workload.Spec.Tasks);
                    observer.Phase($"{plans[i].Name}: {stage.Describe()}");
                    observer.RunStarting(stage);
                    var result = round == 0 && budget is not null
                        ? PilotRun(executors[i], plans[i], sink, timed ? 1 : 0, budget, budget.PilotRunLimit(warmup), warmup, cancellation)
                        : RunFromSettledState(executors[i], plans[i], sink, timed ? round - warmup + 1 : 0, warmup, cancellation);
                    observer.RunFinished(stage);
                    if (timed) runs[i].Add(result);
                    if (EveryTaskFailed(result))
                    {
                        if (timed) stopped[i] = true;
                        else warmupFailed[i] = true;
                        observer.Phase(timed
                            ? $"{plans[i].Name}: every task of repeat {round - warmup + 1} failed; its other repeats are not run"
                            : $"{plans[i].Name}: every task of the warm-up failed; going on to one timed run");
                    }
                    cancellation.ThrowIfCancellationRequested();
                }
                if (round == 0) roundSeconds = clock.Elapsed.TotalSeconds - roundStart;
                if (round == 0 && budget is not null) repeat = FitToBudget(budget, clock.Elapsed.TotalSeconds - settledIn, roundSeconds, repeat, warmup, notes);
            }
            return plans.Select((plan, i) => new MeasuredStrategy(plan, runs[i], executors[i].StartupSeconds, warmup)
            {
                StoppedAfterFailure = stopped[i] && runs[i].Count < repeat,
                WorkerRuntime = executors[i].WorkerRuntime,
                WorkerGcMode = executors[i].WorkerGcMode,
                Notes = notes,
                NumericPayload = workload is INumericPayloadWorkload,
                SizeSetsWork = workload.SizeSetsWork,
            }).ToList();
        }
        finally
        {
            foreach (var executor in executors) executor.Dispose();
        }
    }

    private static bool EveryTaskFailed(RunResult result) => result.Tasks > 0 && result.Records.Count > 0 && result.Records.All(r => r.Status == TaskState.Failed);

    /// <summary>A pilot run, stopped when it alone passes what the budget allows one run; then the experiment is refused.</summary>
    private RunResult PilotRun(IExecutor executor, StrategyPlan plan, ITaskSink sink, int round, TimeBudget budget, double limitSeconds, int warmup,
        CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(TimeSpan.FromSeconds(limitSeconds));
        var result = RunFromSettledState(executor, plan, sink, round, warmup, limit.Token);
        if (!limit.IsCancellationRequested || cancellation.IsCancellationRequested) return result;
        // Extrapolated from the tasks that finished in time; with none finished, the limit itself is a floor per task.
        var done = result.Records.Count(r => r.Status == TaskState.Completed);
        var runEstimate = limitSeconds * result.Tasks / Math.Max(1, done);
        var rounds = TimeBudget.MinimumRounds(warmup);
        var estimate = runEstimate * rounds;
        throw new OverBudgetException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{plan.Strategy}'s first run passed {limitSeconds:0.##} s with {done} of {result.Tasks} tasks done, so one run takes {(done == 0 ? "more than" : "about")} {runEstimate:0.#} s; the {rounds} rounds a comparison needs to name a winner would take at least {estimate:0.#} s, beyond -MaxSeconds {budget.MaxSeconds:0.#}. Raise -MaxSeconds, or lower -Size, -Tasks or the strategies compared."),
            estimate);
    }

    /// <summary>After the pilot round: the repeats that fit the budget, with a note when they were cut; refuses when even the minimum would not fit.</summary>
    private int FitToBudget(TimeBudget budget, double spentSeconds, double roundSeconds, int repeat, int warmup, List<string> notes)
    {
        var timedDone = warmup == 0 ? 1 : 0;
        var remainingWarmups = Math.Max(0, warmup - 1);
        var fit = budget.RepeatsThatFit(spentSeconds, roundSeconds, repeat, remainingWarmups, timedDone);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (fit is null)
        {
            var minimum = TimeBudget.MinimumSeconds(spentSeconds, roundSeconds, remainingWarmups, timedDone);
            throw new OverBudgetException(string.Create(c,
                $"One round of every strategy took {roundSeconds:0.#} s, so even the {RunStatistics.RepeatsNeeded} repeats the test needs would take about {minimum:0} s in all, beyond -MaxSeconds {budget.MaxSeconds:0.#}. Raise -MaxSeconds, or lower -Size, -Tasks or the strategies compared."),
                minimum);
        }
        if (fit < repeat)
        {
            var note = string.Create(c, $"shortened to {fit} repeats ({repeat} asked) to stay within -MaxSeconds {budget.MaxSeconds:0.#}: one round takes {roundSeconds:0.#} s");
            notes.Add(note);
            observer.Phase(char.ToUpperInvariant(note[0]) + note[1..]);
        }
        return fit.Value;
    }

    /// <summary>
    /// Collects garbage first, here and in the workers, as benchmark harnesses do: otherwise whether a run reuses
    /// freed memory or faults in fresh pages (80 MB a Transfer task) depends on when the GC last ran, and the
    /// same run varied tenfold. During the run this process collects without a background thread, as the workers
    /// always do, so every strategy runs under the same GC. Counters are read just outside the timed run.
    /// </summary>
    /// <param name="warmup">The untimed rounds of the experiment this run belongs to, which its result and records report.</param>
    private RunResult RunFromSettledState(IExecutor executor, StrategyPlan plan, ITaskSink sink, int round, int warmup, CancellationToken cancellation)
    {
        executor.PrepareRun(cancellation);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var callersMode = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        try
        {
            var before = UsageSnapshot.Take(executor.ReadWorkerUsage(settle: true));
            var gcMode = executor.Strategy.RunsInWorkerProcesses() ? executor.WorkerGcMode : GcDescription.Current();
            var executed = executor.Run(workload.Spec.Tasks, sink, cancellation);
            var after = UsageSnapshot.Take(cancellation.IsCancellationRequested ? [] : executor.ReadWorkerUsage(settle: false));
            return RunAccounting.Account(executed, plan, options.WorkloadName, workload.Spec.Tasks, executor.StartupSeconds,
                before, after, gcMode, round, Environment.ProcessorCount,
                workload.Spec.Size, options.SizeUnit, warmup);
        }
        finally
        {
            GCSettings.LatencyMode = callersMode;
        }
    }

    private IExecutor StartExecutor(StrategyPlan plan, CancellationToken cancellation)
    {
        var planOptions = (plan.GcMode is { } gcMode ? options with { WorkerGcMode = gcMode } : options) with { TransferMode = plan.TransferMode };
        var executor = ExecutorFactory.Create(plan.Strategy, plan.Workers, plan.ThreadsPerWorker, workload, planOptions);
        try
        {
            observer.Phase(plan.Strategy switch
            {
                Strategy.Processes => $"{plan.Name}: starting {plan.Workers} worker process(es) with {plan.ThreadsPerWorker} thread(s) each, {planOptions.WorkerGcMode} GC",
                Strategy.Threads => $"Threads: starting {plan.Workers} worker thread(s)",
                Strategy.Sequential => "Sequential: preparing the loop",
                Strategy.Remote => $"Remote: opening {plan.Workers} remoting session(s) and mapping each host's clock",
                _ => $"{plan.Strategy}: preparing PowerShell to run it with {plan.Workers} at a time",
            });
            executor.Start(cancellation);
            if (executor.StartupSeconds > 0) observer.Phase($"{plan.Name}: pool ready in {executor.StartupSeconds * 1000:0} ms");
            return executor;
        }
        catch
        {
            executor.Dispose();
            throw;
        }
    }

    public void Dispose() => workload.Dispose();
}

/// <summary>Everything one comparison needs, checked by the caller before anything starts.</summary>
public sealed record ExperimentPlan(WorkloadCatalog Catalog, WorkloadSpec Spec, ExecutorOptions Options,
    IReadOnlyList<StrategyPlan> Strategies, int Repeat, int Warmup, string PowerShellVersion)
{
    /// <summary>The most the whole comparison may take, in seconds; null for no limit.</summary>
    public double? MaxSeconds { get; init; }
}

/// <summary>The core's one entry point for a comparison: plan in, results out.</summary>
public static class Experiment
{
    public static IReadOnlyList<StrategyResult> Compare(ExperimentPlan plan, IExperimentObserver observer, CancellationToken cancellation)
    {
        using var runner = new ExperimentRunner(plan.Catalog, plan.Spec, plan.Options, observer);
        var measured = runner.Measure(plan.Strategies, plan.Repeat, plan.Warmup, cancellation,
            plan.MaxSeconds is { } max ? new TimeBudget(max) : null);
        var workers = measured.FirstOrDefault(m => m.WorkerRuntime.Length > 0);
        // A sweep may run workers under several collectors: the environment names each.
        var workerGcModes = string.Join(" / ", measured.Select(m => m.WorkerGcMode).Where(g => g.Length > 0).Distinct());
        var environment = EnvironmentInfo.Capture(plan.PowerShellVersion, workers?.WorkerRuntime ?? "", workerGcModes);
        return Comparison.Analyze(measured, Environment.ProcessorCount, environment);
    }
}
