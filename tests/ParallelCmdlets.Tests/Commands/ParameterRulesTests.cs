using ParallelCmdlets.Commands;

namespace ParallelCmdlets.Tests.Commands;

/// <summary>The parameters' rules, checked as data, with no cmdlet and no PowerShell host.</summary>
public class ParameterRulesTests
{
    private static Refusal? Check(ParameterChoice choice) => ParameterRules.FirstProblem(choice);

    private static ParameterChoice Asking(params Strategy[] strategies) => new() { Strategies = strategies, Tasks = 8 };

    [Fact]
    public void A_sound_choice_is_accepted()
    {
        Assert.Null(Check(Asking(Strategy.Sequential, Strategy.Threads, Strategy.Processes) with { Bound = ["ThreadsPerWorker", "TimeoutSeconds"], ThreadsPerWorker = 2, TimeoutSeconds = 5 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ParameterRules.MaxWorkers + 1)]
    public void Workers_out_of_range_are_refused_with_the_count_given(int workers)
    {
        var refusal = Check(Asking(Strategy.Threads) with { WorkerCounts = [2, workers] });

        Assert.Equal((ErrorIds.WorkersOutOfRange, (object)workers), (refusal?.Id, refusal?.Target));
    }

    [Fact]
    public void Worker_process_parameters_need_a_strategy_with_worker_processes()
    {
        Assert.Equal(ErrorIds.ThreadsPerWorkerNeedsProcesses, Check(Asking(Strategy.Threads) with { Bound = ["ThreadsPerWorker"], ThreadsPerWorker = 2 })?.Id);
        Assert.Equal(ErrorIds.GcModeNeedsProcesses, Check(Asking(Strategy.Threads) with { Bound = ["GcMode"], GcModes = [WorkerGcMode.Server] })?.Id);
        Assert.Equal(ErrorIds.TransferModeNeedsProcesses, Check(Asking(Strategy.Threads) with { SharedMemoryAsked = true })?.Id);
        Assert.Null(Check(Asking(Strategy.Processes) with { Bound = ["ThreadsPerWorker", "GcMode"], ThreadsPerWorker = 2, GcModes = [WorkerGcMode.Server], SharedMemoryAsked = true }));
    }

    [Fact]
    public void A_timeout_is_refused_naming_the_first_strategy_that_has_none()
    {
        var refusal = Check(Asking(Strategy.Threads, Strategy.ThreadJob, Strategy.Remote) with { Bound = ["TimeoutSeconds", "HostName"], TimeoutSeconds = 5 });

        Assert.Equal((ErrorIds.TimeoutNeedsModuleStrategy, (object)Strategy.ThreadJob), (refusal?.Id, refusal?.Target));
    }

    [Fact]
    public void Remote_parameters_without_Remote_and_Remote_without_hosts_are_refused()
    {
        Assert.Equal(ErrorIds.RemoteParametersNeedRemote, Check(Asking(Strategy.Threads) with { Bound = ["HostName"] })?.Id);
        Assert.Equal(ErrorIds.RemoteNeedsHosts, Check(Asking(Strategy.Remote))?.Id);
        Assert.Equal(ErrorIds.RemoteHostsOrSessions, Check(Asking(Strategy.Remote) with { Bound = ["hostname", "Session"] })?.Id);
        Assert.Null(Check(Asking(Strategy.Remote) with { Bound = ["HostName", "Port"] }));
    }

    [Fact]
    public void UseNewRunspace_needs_the_tool_whose_switch_it_is()
    {
        Assert.Equal(ErrorIds.UseNewRunspaceNeedsForEachParallel, Check(Asking(Strategy.ThreadJob) with { UseNewRunspace = true })?.Id);
        Assert.Null(Check(Asking(Strategy.ForEachParallel) with { UseNewRunspace = true }));
    }

    [Fact]
    public void Tasks_sizes_and_timeouts_out_of_range_are_refused()
    {
        Assert.Equal(ErrorIds.TasksOutOfRange, Check(Asking(Strategy.Threads) with { Tasks = 0 })?.Id);
        Assert.Equal(ErrorIds.SizeOutOfRange, Check(Asking(Strategy.Threads) with { Sizes = [10, -1] })?.Id);
        Assert.Equal(ErrorIds.TimeoutOutOfRange, Check(Asking(Strategy.Threads) with { Bound = ["TimeoutSeconds"], TimeoutSeconds = 0 })?.Id);
        Assert.Equal(ErrorIds.TimeoutOutOfRange, Check(Asking(Strategy.Threads) with { Bound = ["TimeoutSeconds"], TimeoutSeconds = ParameterRules.MaxTimeoutSeconds + 1 })?.Id);
    }
}
