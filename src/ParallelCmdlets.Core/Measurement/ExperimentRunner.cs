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

    /// <summary>
    /// A tool that runs the block without a scope of its own (<see cref="StrategySets.RunsBlockWithoutScope"/>) runs
    /// it in the fixed form instead: its body wrapped in & { }, or AddScript(script, $true).
    /// </summary>
    public bool Wrapped { get; init; }

    /// <summary>How rows, progress and phases name the plan: "Processes", "Processes (SharedMemory)", or "ForEachParallel (& { })".</summary>
    public string Label => TransferModes.Name(Strategy, TransferMode, Wrapped);
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
    /// <summary>The count is a bound, not a plan: the warm-up runs until steady, the repeats until the answer is known.</summary>
    public bool OpenEnded { get; init; }

    public bool IsLastOfPlan => !OpenEnded && RunsBefore + 1 >= RunsPerPlan;

    /// <summary>"warm-up 1 of 1", "repeat 3 of 5", or "repeat 3 of at most 30".</summary>
    public string Describe() => (Timed ? "repeat" : "warm-up") + $" {Number} of {(OpenEnded ? "at most " : "")}{Of}";
}

/// <summary>
/// How many runs an experiment takes: counts fixed by -Repeat and -Warmup, or (null) a warm-up until the runs stop
/// falling and timed rounds until every headline is within <see cref="Precision"/> and the decision stops changing.
/// </summary>
public sealed record SamplingPlan
{
    /// <summary>Timed runs of every strategy; null to measure until the answer is known.</summary>
    public int? Repeat { get; init; }

    /// <summary>Warm-up runs of every strategy; null to warm up until the runs stop falling.</summary>
    public int? Warmup { get; init; }

    /// <summary>The half-width of every mean's 95 % interval the adaptive rounds aim at, relative to the mean.</summary>
    public double Precision { get; init; } = Sampling.StoppingRule.DefaultPrecision;

    /// <summary>Timed rounds at most when measuring until the answer is known.</summary>
    public int MaxRounds { get; init; } = Sampling.StoppingRule.DefaultMaximumRounds;

    /// <summary>When a timed run counts as disturbed by other programs, and how many are run again.</summary>
    public Sampling.DisturbedRunRule Disturbed { get; init; } = new();

    /// <summary>The pause after each warm-up round that lets the runtime compile what the round ran.</summary>
    public Sampling.JitSettle Settle { get; init; } = Sampling.JitSettle.Default;

    /// <summary>Warm-up as fixed, or until steady.</summary>
    public Sampling.WarmupRule WarmupRule => Warmup is { } w ? Sampling.WarmupRule.Fixed(w) : new Sampling.WarmupRule();

    public static SamplingPlan Fixed(int repeat, int warmup) => new() { Repeat = repeat, Warmup = warmup };
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
    private readonly WorkloadInfo info;
    private readonly IExperimentObserver observer;
    private readonly ExecutorOptions options;

    public ExperimentRunner(WorkloadCatalog catalog, WorkloadSpec spec, ExecutorOptions options, IExperimentObserver observer)
    {
        this.observer = observer;
        this.options = options;
        // The workload's own name and unit, which every run, record and result reports (the catalog's spelling).
        info = catalog.TryGetInfo(spec.Name, out var known) ? known : new WorkloadInfo { Name = spec.Name };
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
        TimeBudget? budget = null) => Measure(plans, SamplingPlan.Fixed(repeat, warmup), cancellation, budget);

    /// <summary>
    /// Starts every pool, warms each strategy up until its runs stop falling (or as many runs as fixed), then runs
    /// timed rounds, one run of every strategy each, the order rotating by one each round, until the sampling plan
    /// says the answer is known (or the count it fixed). A timed run that other programs disturbed is run again,
    /// within a bound, and the disturbed one kept aside with why.
    /// </summary>
    /// <param name="budget">When set, the first round is a pilot that keeps the whole within it (see <see cref="TimeBudget"/>).</param>
    /// <param name="clock">The time the stopping rule and the budget read; the monotonic clock unless a test injects one.</param>
    public IReadOnlyList<MeasuredStrategy> Measure(IReadOnlyList<StrategyPlan> plans, SamplingPlan sampling, CancellationToken cancellation,
        TimeBudget? budget = null, IClock? clock = null)
    {
        using var gate = MeasurementGate.Enter(observer.Phase, cancellation);
        clock ??= MonotonicClock.Instance;
        var started = clock.GetTimestamp();
        // Waiting out other programs is not the experiment's cost: what the budget and the stopping rule read leaves it out.
        var settledIn = 0.0;
        double Spent() => (clock.GetTimestamp() - started) / clock.Frequency - settledIn;
        var executors = new List<IExecutor>(plans.Count);
        var notes = new List<Conclusion>();
        try
        {
            foreach (var plan in plans) executors.Add(StartExecutor(plan, cancellation));
            var settling = clock.GetTimestamp();
            QuietStart.Wait(QuietStart.MeasureOtherLoad, observer.Phase, cancellation,
                budget is null ? null : TimeSpan.FromSeconds(budget.MaxSeconds * QuietStart.BudgetShare));
            settledIn = (clock.GetTimestamp() - settling) / clock.Frequency;
            var warmupRule = sampling.WarmupRule;
            var stopping = new Sampling.StoppingRule(sampling.Precision, sampling.MaxRounds, budget?.MaxSeconds);
            var disturbedRule = sampling.Disturbed;
            var maxTimed = sampling.Repeat ?? stopping.MaximumRounds;
            var runs = plans.Select(_ => new List<RunResult>()).ToArray();
            var warmups = plans.Select(_ => new List<double>()).ToArray();
            var warmupCompiling = plans.Select(_ => new List<double>()).ToArray();
            // The least compile time of each strategy's runs so far: what every run compiles, not warm-up.
            var compileBaseline = plans.Select(_ => double.PositiveInfinity).ToArray();
            // Compiling is warm-up for the module's own strategies, whose runs reuse their runspaces and workers and
            // end up compiling nothing. PowerShell's tools make new runspaces (or processes) every run and compile
            // the block afresh in each (ForEachParallel: 6-21 % of the cores, run after run): that is their cost.
            // A fixed -Warmup asked for exactly its runs.
            var judgesCompiling = plans.Select(p => !warmupRule.IsFixed && !p.Strategy.IsPowerShellTool() && !p.Strategy.IsRemote()).ToArray();
            var repeated = plans.Select(_ => new List<Sampling.DisturbedRun>()).ToArray();
            // A strategy whose every task failed in a timed run is not run again: its repeats would only repeat the
            // failure. One whose warm-up failed throughout goes straight to its first timed run, to be reported.
            var stopped = new bool[plans.Count];
            var warmupFailed = new bool[plans.Count];
            var rotation = 0;
            var firstRound = true;
            var firstRoundSeconds = 0.0;

            // The warm-up: every strategy still falling runs once per round, until none is (or the rule's bound).
            while (true)
            {
                var due = Enumerable.Range(0, plans.Count).Where(i => !warmupFailed[i] && warmupRule.NeedsMore(warmups[i], judgesCompiling[i] ? warmupCompiling[i] : null)).ToList();
                if (due.Count == 0) break;
                // Past its minimum, a warm-up until steady stops where another round would leave too little of the
                // budget for the timed runs: the fewest that can name a winner, or a fixed -Repeat as fitted.
                if (!firstRound && budget is not null && !warmupRule.IsFixed && due.All(i => warmups[i].Count >= warmupRule.MinimumRuns)
                    && !budget.AllowsAnotherWarmup(Spent(), firstRoundSeconds, sampling.Repeat is null ? RunStatistics.RepeatsNeeded : maxTimed))
                {
                    var names = string.Join(", ", due.Select(i => plans[i].Label));
                    var note = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"warm-up of {names} stopped after {warmups[due[0]].Count} runs while the runs still fell, to leave -MaxSeconds {budget.MaxSeconds:0.#} room for the timed runs: the first of them may still be warming up");
                    notes.Add(Conclusion.Warning(ConclusionId.WarmupCut, note, ("WarmupRuns", warmups[due[0]].Count), ("MaxSeconds", budget.MaxSeconds), ("RoundSeconds", firstRoundSeconds)));
                    observer.Phase(char.ToUpperInvariant(note[0]) + note[1..]);
                    break;
                }
                var roundStart = Spent();
                for (var k = 0; k < plans.Count; k++)
                {
                    var i = (rotation + k) % plans.Count;
                    if (!due.Contains(i)) continue;
                    var number = warmups[i].Count + 1;
                    var stage = new RunStage(plans[i], i, plans.Count, false, number, warmupRule.MaximumRuns, number - 1, warmupRule.MaximumRuns + maxTimed,
                        workload.Spec.Tasks) { OpenEnded = !warmupRule.IsFixed };
                    var result = Run(executors[i], stage, new UntimedTaskSink(observer), 0, warmupRule.MinimumRuns, firstRound ? budget : null, cancellation);
                    warmups[i].Add(result.Elapsed);
                    warmupCompiling[i].Add(result.CompileShare);
                    compileBaseline[i] = Math.Min(compileBaseline[i], result.JitSeconds);
                    if (EveryTaskFailed(result))
                    {
                        warmupFailed[i] = true;
                        observer.Phase($"{plans[i].Label}: every task of the warm-up failed; going on to one timed run");
                    }
                }
                rotation++;
                if (firstRound) firstRoundSeconds = Spent() - roundStart;
                sampling.Settle.Wait(cancellation);
                if (firstRound && budget is not null) FitToBudget(budget, Spent(), firstRoundSeconds, sampling, warmupRule.MinimumRuns - 1, 0, notes, ref maxTimed);
                firstRound = false;
            }
            var warmupRuns = warmups.Select(w => w.Count).ToArray();
            foreach (var (plan, i) in plans.Select((p, i) => (p, i)))
                if (!warmupRule.IsFixed && warmupRuns[i] > 0)
                    observer.Phase($"{plan.Label}: steady after {warmupRuns[i]} warm-up run(s)");

            // The timed rounds, until the count is reached or the stopping rule says the answer is known.
            var decisions = new List<string>();
            var stopReason = Sampling.StopReason.FixedCount;
            var roundSeconds = new List<double>();
            for (var round = 1; round <= maxTimed; round++)
            {
                if (stopped.All(s => s))
                {
                    stopReason = Sampling.StopReason.EveryStrategyFailed;
                    break;
                }
                var roundStart = Spent();
                // Every strategy's first run is the pilot when there was no warm-up to be it.
                var pilot = firstRound ? budget : null;
                for (var k = 0; k < plans.Count; k++)
                {
                    var i = (rotation + k) % plans.Count;
                    if (stopped[i]) continue;
                    while (true)
                    {
                        var stage = new RunStage(plans[i], i, plans.Count, true, round, maxTimed, warmupRuns[i] + round - 1, warmupRuns[i] + maxTimed,
                            workload.Spec.Tasks) { OpenEnded = sampling.Repeat is null };
                        var result = Run(executors[i], stage, observer, round, warmupRuns[i], pilot, cancellation);
                        if (disturbedRule.Judge(result, round, repeated[i], judgesCompiling[i] ? Math.Min(compileBaseline[i], result.JitSeconds) : null) is { } disturbed)
                        {
                            repeated[i].Add(disturbed);
                            observer.Phase($"{plans[i].Label}: {disturbed.Reason}");
                            continue;
                        }
                        runs[i].Add(result);
                        compileBaseline[i] = Math.Min(compileBaseline[i], result.JitSeconds);
                        if (EveryTaskFailed(result))
                        {
                            stopped[i] = true;
                            observer.Phase($"{plans[i].Label}: every task of repeat {round} failed; its other repeats are not run");
                        }
                        break;
                    }
                }
                rotation++;
                firstRound = false;
                roundSeconds.Add(Spent() - roundStart);
                if (round == 1 && warmupRuns.All(w => w == 0) && budget is not null)
                    FitToBudget(budget, Spent(), roundSeconds[0], sampling, 0, 1, notes, ref maxTimed);
                if (sampling.Repeat is not null) continue;
                decisions.Add(Comparison.Decision(Snapshot(plans, runs)));
                var live = Enumerable.Range(0, plans.Count).Where(i => !stopped[i] && runs[i].Count > 0).Select(i => (IReadOnlyList<double>)runs[i].Select(r => r.Elapsed).ToList()).ToList();
                stopReason = stopping.Decide(live, decisions, Spent(), roundSeconds.Average());
                if (stopReason != Sampling.StopReason.None) break;
                if (round == maxTimed) stopReason = Sampling.StopReason.RoundLimit;
            }
            if (stopReason != Sampling.StopReason.FixedCount)
                observer.Phase($"Stopped after {runs.Max(r => r.Count)} round(s): {Describe(stopReason)}");
            return plans.Select((plan, i) => new MeasuredStrategy(plan, runs[i], executors[i].StartupSeconds, warmupRuns[i])
            {
                StoppedAfterFailure = stopped[i] && runs[i].Count < maxTimed,
                WorkerRuntime = executors[i].WorkerRuntime,
                WorkerGcMode = executors[i].WorkerGcMode,
                Notes = notes,
                NumericPayload = workload is INumericPayloadWorkload,
                Repeated = repeated[i],
                StopReason = stopReason,
                PrecisionTarget = sampling.Precision,
                RoundSeconds = roundSeconds.Count > 0 ? roundSeconds.Average() : 0,
                MaxSeconds = budget?.MaxSeconds,
                SizeSetsWork = workload.SizeSetsWork,
            }).ToList();
        }
        finally
        {
            foreach (var executor in executors) executor.Dispose();
        }
    }

    private static string Describe(Sampling.StopReason reason) => reason switch
    {
        Sampling.StopReason.PrecisionReached => "every strategy's mean within its precision target and the decision unchanged",
        Sampling.StopReason.RoundLimit => "the round limit",
        Sampling.StopReason.TimeBudget => "another round would pass -MaxSeconds",
        Sampling.StopReason.EveryStrategyFailed => "every strategy's tasks failed",
        _ => reason.ToString(),
    };

    /// <summary>The runs so far as the analysis takes them, for the decision after each round.</summary>
    private static IReadOnlyList<MeasuredStrategy> Snapshot(IReadOnlyList<StrategyPlan> plans, List<RunResult>[] runs) =>
        plans.Select((plan, i) => new MeasuredStrategy(plan, runs[i].ToList(), 0, 0)).Where(m => m.Runs.Count > 0).ToList();

    /// <summary>One run of one strategy, reported to the observer; the first of an experiment with a budget is its pilot.</summary>
    private RunResult Run(IExecutor executor, RunStage stage, ITaskSink sink, int round, int warmup, TimeBudget? pilotBudget, CancellationToken cancellation)
    {
        observer.Phase($"{stage.Plan.Label}: {stage.Describe()}");
        observer.RunStarting(stage);
        var result = pilotBudget is not null
            ? PilotRun(executor, stage.Plan, sink, round, pilotBudget, pilotBudget.PilotRunLimit(warmup), warmup, cancellation)
            : RunFromSettledState(executor, stage.Plan, sink, round, warmup, cancellation);
        observer.RunFinished(stage);
        cancellation.ThrowIfCancellationRequested();
        return result;
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

    /// <summary>
    /// After the pilot round: the timed rounds that fit the budget, with a note when a fixed -Repeat was cut; refuses
    /// when even the test's minimum would not fit. An open-ended measurement is bounded by its stopping rule instead.
    /// </summary>
    private void FitToBudget(TimeBudget budget, double spentSeconds, double roundSeconds, SamplingPlan sampling, int remainingWarmups, int timedDone,
        List<Conclusion> notes, ref int maxTimed)
    {
        var repeat = sampling.Repeat ?? RunStatistics.RepeatsNeeded;
        var fit = budget.RepeatsThatFit(spentSeconds, roundSeconds, repeat, remainingWarmups, timedDone);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (fit is null)
        {
            var minimum = TimeBudget.MinimumSeconds(spentSeconds, roundSeconds, remainingWarmups, timedDone);
            throw new OverBudgetException(string.Create(c,
                $"One round of every strategy took {roundSeconds:0.#} s, so even the {RunStatistics.RepeatsNeeded} repeats the test needs would take about {minimum:0} s in all, beyond -MaxSeconds {budget.MaxSeconds:0.#}. Raise -MaxSeconds, or lower -Size, -Tasks or the strategies compared."),
                minimum);
        }
        if (sampling.Repeat is null || fit >= repeat) return;
        var note = string.Create(c, $"shortened to {fit} repeats ({repeat} asked) to stay within -MaxSeconds {budget.MaxSeconds:0.#}: one round takes {roundSeconds:0.#} s");
        notes.Add(Conclusion.Warning(ConclusionId.RepeatsShortened, note, ("Repeat", fit.Value), ("RepeatAsked", repeat), ("MaxSeconds", budget.MaxSeconds), ("RoundSeconds", roundSeconds)));
        observer.Phase(char.ToUpperInvariant(note[0]) + note[1..]);
        maxTimed = fit.Value;
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
        var compiled = JitClock.CompiledMethods();
        executor.PrepareRun(cancellation);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Sampling.JitSettle.AwaitQuietCompiler(compiled, cancellation);
        var callersMode = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        try
        {
            var before = UsageSnapshot.Take(executor.ReadWorkerUsage(settle: true));
            var gcMode = executor.Strategy.RunsInWorkerProcesses() ? executor.WorkerGcMode : GcDescription.Current();
            // What was asked is attached here, to records as they finish and to the run, for every strategy alike.
            var identity = RunIdentity.Begin(info, workload.Spec, plan, warmup, round);
            var executed = executor.Run(workload.Spec.Tasks, identity.Stamping(sink), cancellation);
            var after = UsageSnapshot.Take(cancellation.IsCancellationRequested ? [] : executor.ReadWorkerUsage(settle: false));
            return RunAccounting.Account(executed, identity, executor.StartupSeconds, before, after, gcMode, Environment.ProcessorCount);
        }
        finally
        {
            GCSettings.LatencyMode = callersMode;
        }
    }

    private IExecutor StartExecutor(StrategyPlan plan, CancellationToken cancellation)
    {
        var planOptions = (plan.GcMode is { } gcMode ? options with { WorkerGcMode = gcMode } : options) with { TransferMode = plan.TransferMode, Wrapped = plan.Wrapped };
        var executor = ExecutorFactory.Create(plan.Strategy, plan.Workers, plan.ThreadsPerWorker, workload, planOptions);
        try
        {
            observer.Phase(planOptions.Toolchains[plan.Strategy].Starting(plan, planOptions));
            executor.Start(cancellation);
            if (executor.StartupSeconds > 0) observer.Phase($"{plan.Label}: pool ready in {executor.StartupSeconds * 1000:0} ms");
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
public sealed record ExperimentRequest(WorkloadCatalog Catalog, WorkloadSpec Spec, ExecutorOptions Options,
    IReadOnlyList<StrategyPlan> Strategies, int Repeat, int Warmup, string PowerShellVersion)
{
    /// <summary>How many runs to take; by default the fixed <see cref="Repeat"/> and <see cref="Warmup"/>.</summary>
    public SamplingPlan? Sampling { get; init; }

    /// <summary>The most the whole comparison may take, in seconds; null for no limit.</summary>
    public double? MaxSeconds { get; init; }

    /// <summary>A -ScriptBlock's -ArgumentList as PowerShell source, kept on the results for the answer's command.</summary>
    public string? Arguments { get; init; }
}

/// <summary>The core's one entry point for a comparison: plan in, results out.</summary>
public static class Experiment
{
    public static IReadOnlyList<StrategyResult> Compare(ExperimentRequest plan, IExperimentObserver observer, CancellationToken cancellation)
    {
        using var runner = new ExperimentRunner(plan.Catalog, plan.Spec, plan.Options, observer);
        var measured = runner.Measure(plan.Strategies, plan.Sampling ?? SamplingPlan.Fixed(plan.Repeat, plan.Warmup), cancellation,
            plan.MaxSeconds is { } max ? new TimeBudget(max) : null);
        var workers = measured.FirstOrDefault(m => m.WorkerRuntime.Length > 0);
        // A sweep may run workers under several collectors: the environment names each.
        var workerGcModes = string.Join(" / ", measured.Select(m => m.WorkerGcMode).Where(g => g.Length > 0).Distinct());
        var environment = EnvironmentInfo.Capture(plan.PowerShellVersion, workers?.WorkerRuntime ?? "", workerGcModes);
        return Comparison.Analyze(measured, Environment.ProcessorCount, environment, plan.Spec.Text, plan.Arguments);
    }
}
