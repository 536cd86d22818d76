using ParallelCmdlets.Measurement;
using ParallelCmdlets.Strategies;

namespace ParallelCmdlets.Commands;

/// <summary>
/// The plans a command runs, from its parameters as data (no PowerShell host needed): each strategy's lanes and
/// threads from its toolchain, Processes once per transfer mode asked, and a tool that runs a ScriptBlock without a
/// scope of its own also in its fixed form when those rows are asked for.
/// </summary>
internal sealed class StrategyPlanner(StrategyCatalog toolchains, int threadsPerWorker, IReadOnlyList<TransferMode> transferModes, bool wrappedRows)
{
    /// <summary>How one strategy runs: Sequential has one worker, Remote a lane per host and worker; only processes have threads per worker.</summary>
    public StrategyPlan PlanFor(Strategy strategy, int workers) =>
        new(strategy, toolchains[strategy].Lanes(workers), toolchains[strategy].ThreadsPerLane(threadsPerWorker));

    /// <summary>The plans of the strategies asked, in their order: a strategy's extra forms follow it.</summary>
    public IReadOnlyList<StrategyPlan> PlansFor(IReadOnlyList<Strategy> strategies, int workers) =>
        strategies.SelectMany(s => s.RunsInWorkerProcesses()
            ? transferModes.Distinct().Select(mode => PlanFor(s, workers) with { TransferMode = mode })
            : wrappedRows && s.RunsBlockWithoutScope()
                ? [PlanFor(s, workers), PlanFor(s, workers) with { Wrapped = true }]
                : [PlanFor(s, workers)]).ToList();
}
