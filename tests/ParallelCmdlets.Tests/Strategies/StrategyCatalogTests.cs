using ParallelCmdlets.Measurement;
using ParallelCmdlets.Strategies;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Strategies;

public class StrategyCatalogTests
{
    [Fact]
    public void Every_strategy_has_its_toolchain_in_the_catalog_once_the_module_is_loaded()
    {
        var catalog = StrategyCatalog.Default;

        Assert.All(Enum.GetValues<Strategy>(), s => Assert.Equal(s, catalog[s].Strategy));
        Assert.Equal(Enum.GetValues<Strategy>(), catalog.All.Select(t => t.Strategy));
        Assert.All(catalog.All, t =>
        {
            Assert.StartsWith($"{t.Strategy}: ", t.Description);
            Assert.NotEmpty(t.Shades);
        });
    }

    [Fact]
    public void The_traits_say_what_the_shared_code_once_asked_of_each_strategy_by_name()
    {
        Strategy[] With(StrategyTraits trait) => Enum.GetValues<Strategy>().Where(s => s.Has(trait)).ToArray();

        Assert.Equal([Strategy.Sequential], With(StrategyTraits.Baseline));
        Assert.Equal([Strategy.Processes], With(StrategyTraits.WorkerProcesses));
        Assert.Equal([Strategy.Job], With(StrategyTraits.ProcessPerTask));
        Assert.Equal([Strategy.ForEachParallel, Strategy.ThreadJob, Strategy.Job, Strategy.RunspacePool], With(StrategyTraits.PowerShellTool));
        Assert.Equal([Strategy.ForEachParallel, Strategy.ThreadJob, Strategy.RunspacePool], With(StrategyTraits.BlockWithoutScope));
        Assert.Equal([Strategy.Remote], With(StrategyTraits.OtherHosts));
        Assert.Equal([Strategy.Threads], With(StrategyTraits.SharedHeapThreads));
        Assert.Equal([Strategy.Sequential, Strategy.Threads, Strategy.Processes], With(StrategyTraits.PerTaskTimeout));
        Assert.Equal([Strategy.Processes, Strategy.Job], With(StrategyTraits.CopiesPerProcess));
        Assert.Equal(Strategy.Sequential, StrategyCatalog.Baseline);
    }

    [Fact]
    public void The_sets_users_name_are_read_from_the_traits()
    {
        Assert.Equal([Strategy.Sequential, Strategy.Threads, Strategy.Processes, Strategy.ForEachParallel, Strategy.ThreadJob, Strategy.Job, Strategy.RunspacePool],
            StrategySets.Sets["All"]);
        Assert.Equal([Strategy.Sequential, Strategy.ForEachParallel, Strategy.ThreadJob, Strategy.Job, Strategy.RunspacePool], StrategySets.Sets["powershell"]);
    }

    [Fact]
    public void Answers_prefer_the_plain_loop_then_one_command_tools_then_the_module_and_remote_last()
    {
        Assert.Equal([Strategy.Sequential, Strategy.ForEachParallel, Strategy.ThreadJob, Strategy.Job, Strategy.RunspacePool, Strategy.Threads, Strategy.Processes, Strategy.Remote],
            AnswerRules.SimplestFirst);
    }

    [Fact]
    public void Each_strategy_plans_its_own_lanes_and_threads()
    {
        Assert.Equal((1, 1), (Strategy.Sequential.Toolchain().Lanes(4), Strategy.Sequential.Toolchain().ThreadsPerLane(3)));
        Assert.Equal((4, 1), (Strategy.Threads.Toolchain().Lanes(4), Strategy.Threads.Toolchain().ThreadsPerLane(3)));
        Assert.Equal((4, 3), (Strategy.Processes.Toolchain().Lanes(4), Strategy.Processes.Toolchain().ThreadsPerLane(3)));
        Assert.Equal((4, 1), (Strategy.RunspacePool.Toolchain().Lanes(4), Strategy.RunspacePool.Toolchain().ThreadsPerLane(3)));
    }

    [Fact]
    public void A_command_s_catalog_with_its_hosts_replaces_Remote_and_leaves_the_process_s_catalog_as_it_was()
    {
        var target = new ParallelCmdlets.Remoting.RemoteTarget { HostNames = ["web1", "web2", "web3"] };
        var before = StrategyCatalog.Default[Strategy.Remote];

        var forCommand = StrategyCatalog.Default.With(new RemoteToolchain(target));

        Assert.Equal(6, forCommand[Strategy.Remote].Lanes(2));
        Assert.Same(before, StrategyCatalog.Default[Strategy.Remote]);
        Assert.Equal(2, StrategyCatalog.Default[Strategy.Remote].Lanes(2));
        Assert.Same(StrategyCatalog.Default[Strategy.Threads], forCommand[Strategy.Threads]);
    }

    [Fact]
    public void The_workloads_a_strategy_cannot_run_are_refused_by_its_own_toolchain()
    {
        var transfer = TransferWorkload.Info;

        Assert.NotNull(Strategy.Job.Toolchain().Refuses(transfer));
        Assert.NotNull(Strategy.Remote.Toolchain().Refuses(transfer));
        Assert.All(new[] { Strategy.Sequential, Strategy.Threads, Strategy.Processes, Strategy.ForEachParallel, Strategy.ThreadJob, Strategy.RunspacePool },
            s => Assert.Null(s.Toolchain().Refuses(transfer)));
    }
}
