using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Executors;

/// <summary>Makes an executor for one strategy; the module's own are built in, others are added by the host.</summary>
public delegate IExecutor ExecutorMaker(int workers, int threadsPerWorker, Workload workload, ExecutorOptions options);

public static class ExecutorFactory
{
    /// <summary>An executor for a workload already prepared in this process (PrepareShared and PrepareLocal done).</summary>
    public static IExecutor Create(Strategy strategy, int workers, int threadsPerWorker, Workload workload, ExecutorOptions options) =>
        strategy switch
        {
            Strategy.Sequential => new SequentialExecutor(workload, options),
            Strategy.Threads => new ThreadExecutor(workers, workload, options),
            Strategy.Processes => new ProcessExecutor(workers, threadsPerWorker, workload, options),
            // PowerShell's own tools need a PowerShell engine, which this library does not reference: the host adds them.
            _ when options.ExtraExecutors.TryGetValue(strategy, out var make) => make(workers, threadsPerWorker, workload, options),
            _ => throw new NotSupportedException($"The {strategy} strategy needs a PowerShell engine: run it from the ParallelCmdlets module."),
        };
}
