using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Strategies;

/// <summary>The module's warm pool of worker processes, each with one or more threads, fed from one queue.</summary>
public sealed class ProcessesToolchain : StrategyToolchain
{
    public override Strategy Strategy => Strategy.Processes;
    public override string Description => "Processes: the module's warm pool of worker processes";
    public override StrategyTraits Traits => StrategyTraits.WorkerProcesses | StrategyTraits.PerTaskTimeout | StrategyTraits.CopiesPerProcess;
    public override int Simplicity => 6;
    public override ChartMarker Marker => ChartMarker.Square;
    public override IReadOnlyList<string> Shades { get; } = ["#f58518", "#e45756", "#b279a2", "#9d755d"];

    public override string Starting(StrategyPlan plan, ExecutorOptions options) =>
        $"{plan.Label}: starting {plan.Workers} worker process(es) with {plan.ThreadsPerWorker} thread(s) each, {options.WorkerGcMode} GC";

    public override IExecutor CreateExecutor(int workers, int threadsPerWorker, Workload workload, ExecutorOptions options) =>
        new ProcessExecutor(workers, threadsPerWorker, workload, options);
}
