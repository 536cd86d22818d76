using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Executors;

public static class ExecutorFactory
{
    /// <summary>An executor for a workload already prepared in this process (PrepareShared and PrepareLocal done), made by the strategy's toolchain.</summary>
    public static IExecutor Create(Strategy strategy, int workers, int threadsPerWorker, Workload workload, ExecutorOptions options) =>
        options.Toolchains[strategy].CreateExecutor(workers, threadsPerWorker, workload, options);
}
