using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Executors;

public static class ExecutorFactory
{
    /// <summary>An executor for a workload already prepared in this process (PrepareShared and PrepareLocal done).</summary>
    public static IExecutor Create(Strategy strategy, int workers, int threadsPerWorker, Workload workload, ExecutorOptions options) =>
        strategy switch
        {
            Strategy.Sequential => new SequentialExecutor(workload, options),
            Strategy.Threads => new ThreadExecutor(workers, workload, options),
            Strategy.Processes => new ProcessExecutor(workers, threadsPerWorker, workload, options),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
        };
}
