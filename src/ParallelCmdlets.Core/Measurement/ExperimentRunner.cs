using System.Runtime;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Measurement;

/// <summary>How one strategy is to be run.</summary>
public sealed record StrategyPlan(Strategy Strategy, int Workers, int ThreadsPerWorker);

/// <summary>What an experiment reports while it runs. Called from worker threads: hand over, never block.</summary>
public interface IExperimentObserver : ITaskSink
{
    /// <summary>A phase begins: preparing, pool start, warm-up, repeat n.</summary>
    void Phase(string message);
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
        return RunFromSettledState(executor, plan, observer, round: 0, cancellation);
    }

    /// <summary>
    /// Starts every pool, then runs <paramref name="warmup"/> untimed and <paramref name="repeat"/> timed rounds,
    /// each round one run of every strategy, the order rotating by one each round.
    /// </summary>
    public IReadOnlyList<MeasuredStrategy> Measure(IReadOnlyList<StrategyPlan> plans, int repeat, int warmup, CancellationToken cancellation)
    {
        using var gate = MeasurementGate.Enter(observer.Phase, cancellation);
        var executors = new List<IExecutor>(plans.Count);
        try
        {
            foreach (var plan in plans) executors.Add(StartExecutor(plan, cancellation));
            var runs = plans.Select(_ => new List<RunResult>(repeat)).ToArray();
            var rounds = warmup + repeat;
            for (var round = 0; round < rounds; round++)
            {
                var timed = round >= warmup;
                for (var k = 0; k < plans.Count; k++)
                {
                    var i = (round + k) % plans.Count;
                    observer.Phase(timed
                        ? $"{plans[i].Strategy}: repeat {round - warmup + 1} of {repeat}"
                        : $"{plans[i].Strategy}: warm-up {round + 1} of {warmup}");
                    var result = RunFromSettledState(executors[i], plans[i], timed ? observer : NullTaskSink.Instance, timed ? round - warmup + 1 : 0, cancellation);
                    if (timed) runs[i].Add(result);
                    cancellation.ThrowIfCancellationRequested();
                }
            }
            return plans.Select((plan, i) => new MeasuredStrategy(plan, runs[i], executors[i].StartupSeconds, warmup)
            {
                WorkerRuntime = executors[i].WorkerRuntime,
                WorkerGcMode = executors[i].WorkerGcMode,
            }).ToList();
        }
        finally
        {
            foreach (var executor in executors) executor.Dispose();
        }
    }

    /// <summary>
    /// Collects garbage first, here and in the workers, as benchmark harnesses do: otherwise whether a run reuses
    /// freed memory or faults in fresh pages (80 MB a Transfer task) depends on when the GC last ran, and the
    /// same run varied tenfold. During the run this process collects without a background thread, as the workers
    /// always do, so every strategy runs under the same GC. Counters are read just outside the timed run.
    /// </summary>
    private RunResult RunFromSettledState(IExecutor executor, StrategyPlan plan, ITaskSink sink, int round, CancellationToken cancellation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var callersMode = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        try
        {
            var before = UsageSnapshot.Take(executor.ReadWorkerUsage(settle: true));
            var gcMode = executor.Strategy == Strategy.Processes ? executor.WorkerGcMode : GcDescription.Current();
            var executed = executor.Run(workload.Spec.Tasks, sink, cancellation);
            var after = UsageSnapshot.Take(cancellation.IsCancellationRequested ? [] : executor.ReadWorkerUsage(settle: false));
            return RunAccounting.Account(executed, plan, options.WorkloadName, workload.Spec.Tasks, executor.StartupSeconds,
                before, after, gcMode, round, Environment.ProcessorCount);
        }
        finally
        {
            GCSettings.LatencyMode = callersMode;
        }
    }

    private IExecutor StartExecutor(StrategyPlan plan, CancellationToken cancellation)
    {
        var executor = ExecutorFactory.Create(plan.Strategy, plan.Workers, plan.ThreadsPerWorker, workload, options);
        try
        {
            observer.Phase(plan.Strategy switch
            {
                Strategy.Processes => $"Processes: starting {plan.Workers} worker process(es) with {plan.ThreadsPerWorker} thread(s) each",
                Strategy.Threads => $"Threads: starting {plan.Workers} worker thread(s)",
                _ => "Sequential: preparing the loop",
            });
            executor.Start(cancellation);
            if (executor.StartupSeconds > 0) observer.Phase($"{plan.Strategy}: pool ready in {executor.StartupSeconds * 1000:0} ms");
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
    IReadOnlyList<StrategyPlan> Strategies, int Repeat, int Warmup, string PowerShellVersion);

/// <summary>The core's one entry point for a comparison: plan in, results out.</summary>
public static class Experiment
{
    public static IReadOnlyList<StrategyResult> Compare(ExperimentPlan plan, IExperimentObserver observer, CancellationToken cancellation)
    {
        using var runner = new ExperimentRunner(plan.Catalog, plan.Spec, plan.Options, observer);
        var measured = runner.Measure(plan.Strategies, plan.Repeat, plan.Warmup, cancellation);
        var workers = measured.FirstOrDefault(m => m.WorkerRuntime.Length > 0);
        var environment = EnvironmentInfo.Capture(plan.PowerShellVersion, workers?.WorkerRuntime ?? "", workers?.WorkerGcMode ?? "");
        return Comparison.Analyze(measured, Environment.ProcessorCount, environment);
    }
}
