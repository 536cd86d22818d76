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
/// Runs one workload under one or more strategies. The workload is prepared once (files generated, inputs
/// built), before any timing; each strategy gets a fresh executor, started before its timed runs and
/// disposed after them, so a pool never outlives its measurements.
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
        using var executor = StartExecutor(plan, cancellation);
        observer.Phase($"{plan.Strategy}: running {workload.Spec.Tasks} tasks");
        return RunFromSettledMemory(executor, observer, cancellation);
    }

    /// <summary>Warm-up runs (discarded) then measured repeats, summarised by their median.</summary>
    public StrategyResult Measure(StrategyPlan plan, int repeat, int warmup, CancellationToken cancellation)
    {
        using var executor = StartExecutor(plan, cancellation);
        for (var i = 1; i <= warmup; i++)
        {
            observer.Phase($"{plan.Strategy}: warm-up {i} of {warmup}");
            RunFromSettledMemory(executor, NullTaskSink.Instance, cancellation);
            cancellation.ThrowIfCancellationRequested();
        }
        var runs = new List<RunResult>(repeat);
        for (var i = 1; i <= repeat; i++)
        {
            observer.Phase($"{plan.Strategy}: repeat {i} of {repeat}");
            runs.Add(RunFromSettledMemory(executor, observer, cancellation));
            cancellation.ThrowIfCancellationRequested();
        }
        return StrategyStatistics.Summarize(runs);
    }

    /// <summary>
    /// Collects the previous run's garbage first, as benchmark harnesses do: otherwise whether an in-process run
    /// reuses freed memory or faults in fresh pages (80 MB a Transfer task) depends on when the GC last ran,
    /// and the same run varied tenfold. During the run this process collects without a background thread, as
    /// the workers always do, so every strategy runs under the same GC and the Sequential baseline's CPU use is
    /// the work's alone (pwsh's background GC otherwise took up to 40 % of a second core).
    /// </summary>
    private RunResult RunFromSettledMemory(IExecutor executor, ITaskSink sink, CancellationToken cancellation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var callersMode = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        try
        {
            return executor.Run(workload.Spec.Tasks, sink, cancellation);
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
