using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Strategies;

/// <summary>The module's pool of dedicated threads in this process, fed from one queue.</summary>
public sealed class ThreadsToolchain : StrategyToolchain
{
    public override Strategy Strategy => Strategy.Threads;
    public override string Description => "Threads: the module's pool of threads in this process";
    public override StrategyTraits Traits => StrategyTraits.SharedHeapThreads | StrategyTraits.PerTaskTimeout;
    public override int Simplicity => 5;
    public override IReadOnlyList<string> Shades { get; } = ["#4c78a8", "#72b7b2", "#54a24b", "#2f4b7c"];

    public override string Starting(StrategyPlan plan, ExecutorOptions options) => $"Threads: starting {plan.Workers} worker thread(s)";

    public override IExecutor CreateExecutor(int workers, int threadsPerWorker, Workload workload, ExecutorOptions options) =>
        new ThreadExecutor(workers, workload, options);
}
