using ParallelCmdlets.Commands;
using ParallelCmdlets.Strategies;

namespace ParallelCmdlets.Tests.Commands;

/// <summary>The plans a command runs, from its parameters as data, with no cmdlet and no PowerShell host.</summary>
public class StrategyPlannerTests
{
    private static StrategyPlanner Planner(int threadsPerWorker = 1, bool wrappedRows = false, params TransferMode[] modes) =>
        new(StrategyCatalog.Default, threadsPerWorker, modes.Length > 0 ? modes : [TransferMode.Copy], wrappedRows);

    [Fact]
    public void Sequential_has_one_worker_and_only_processes_have_threads_per_worker()
    {
        var plans = Planner(threadsPerWorker: 2).PlansFor([Strategy.Sequential, Strategy.Threads, Strategy.Processes], workers: 3);

        Assert.Equal([(Strategy.Sequential, 1, 1), (Strategy.Threads, 3, 1), (Strategy.Processes, 3, 2)],
            plans.Select(p => (p.Strategy, p.Workers, p.ThreadsPerWorker)));
    }

    [Fact]
    public void Processes_is_planned_once_per_transfer_mode_asked()
    {
        var plans = Planner(1, false, TransferMode.Copy, TransferMode.SharedMemory, TransferMode.Copy).PlansFor([Strategy.Threads, Strategy.Processes], 2);

        Assert.Equal(["Threads", "Processes", "Processes (SharedMemory)"], plans.Select(p => p.Label));
    }

    [Fact]
    public void A_tool_that_gives_the_block_no_scope_of_its_own_is_followed_by_its_fixed_form_only_when_asked()
    {
        Strategy[] asked = [Strategy.Sequential, Strategy.ForEachParallel, Strategy.Job];

        Assert.Equal(["Sequential", "ForEachParallel", "Job"], Planner().PlansFor(asked, 2).Select(p => p.Label));
        var fixedForms = Planner(wrappedRows: true).PlansFor(asked, 2);
        Assert.Equal([false, false, true, false], fixedForms.Select(p => p.Wrapped));
        Assert.Equal(Strategy.ForEachParallel, fixedForms[2].Strategy);
    }
}
