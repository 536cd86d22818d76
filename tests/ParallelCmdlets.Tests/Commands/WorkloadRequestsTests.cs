using System.Management.Automation;
using ParallelCmdlets.Commands;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Scripting;
using ParallelCmdlets.Strategies;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Commands;

/// <summary>What a running cmdlet asks for, turned into a request or its first refusal, with no cmdlet and no PowerShell host.</summary>
public class WorkloadRequestsTests
{
    private const long Gigabyte = 1L << 30;

    private static WorkloadAsk Ask(params Strategy[] strategies) => new()
    {
        Toolchains = StrategyCatalog.Default,
        Strategies = strategies.Length > 0 ? strategies : [Strategy.Sequential, Strategy.Threads, Strategy.Processes],
        Tasks = 8,
        Workers = 2,
        MemoryBytes = 24 * Gigabyte,
    };

    [Fact]
    public void A_built_in_workload_is_requested_at_its_own_size_unless_one_is_asked()
    {
        var (byDefault, none) = WorkloadRequests.Build(Ask() with { WorkloadName = "loop" });
        var (sized, _) = WorkloadRequests.Build(Ask() with { WorkloadName = "Loop", Size = 1234 });

        Assert.Null(none);
        Assert.Equal("Loop", byDefault!.Info.Name);
        Assert.Equal(LoopWorkload.Info.DefaultSize, byDefault.Spec.Size);
        Assert.Equal(8, byDefault.Spec.Tasks);
        Assert.Equal(1234, sized!.Spec.Size);
    }

    [Fact]
    public void The_executor_options_carry_what_was_asked()
    {
        var (request, _) = WorkloadRequests.Build(Ask() with
        {
            WorkloadName = "Sleep", KeepOutput = true, TimeoutSeconds = 2.5, WorkerGcMode = WorkerGcMode.Server, UseNewRunspace = true,
        });

        Assert.True(request!.Options.KeepOutput);
        Assert.Equal(2.5, request.Options.TimeoutSeconds);
        Assert.Equal(WorkerGcMode.Server, request.Options.WorkerGcMode);
        Assert.True(request.Options.UseNewRunspace);
        Assert.Same(StrategyCatalog.Default, request.Options.Toolchains);
        Assert.NotNull(request.Options.Launcher);
    }

    [Fact]
    public void An_unknown_workload_is_refused_naming_the_known_ones()
    {
        var (request, refusal) = WorkloadRequests.Build(Ask() with { WorkloadName = "Nope" });

        Assert.Null(request);
        Assert.Equal(ErrorIds.UnknownWorkload, refusal!.Id);
        Assert.Equal(ErrorCategory.ObjectNotFound, refusal.Category);
        Assert.Contains("Transfer", refusal.Message);
        Assert.Contains("-ScriptBlock", refusal.Message);
    }

    [Fact]
    public void A_size_the_machine_cannot_hold_is_refused_before_anything_starts()
    {
        var (request, refusal) = WorkloadRequests.Build(Ask(Strategy.Processes) with { WorkloadName = "Transfer", Size = 1_000_000, MemoryBytes = 4 * Gigabyte });

        Assert.Null(request);
        Assert.Equal(ErrorIds.NotEnoughMemory, refusal!.Id);
    }

    [Fact]
    public void Shared_memory_is_refused_for_a_workload_whose_payloads_are_not_arrays_of_doubles_and_the_message_names_those_that_are()
    {
        var (_, refused) = WorkloadRequests.Build(Ask(Strategy.Processes) with { WorkloadName = "Sleep", SharedMemoryAsked = true });
        var (accepted, none) = WorkloadRequests.Build(Ask(Strategy.Processes) with { WorkloadName = "Transfer", Size = 10, SharedMemoryAsked = true });

        Assert.Equal(ErrorIds.TransferModeNeedsNumericPayload, refused!.Id);
        Assert.Contains("Transfer", refused.Message);
        Assert.Null(none);
        Assert.NotNull(accepted);
    }

    [Fact]
    public void A_strategy_that_cannot_run_the_workload_refuses_it_in_its_own_words()
    {
        var (request, refusal) = WorkloadRequests.Build(Ask(Strategy.Threads, Strategy.Job) with { WorkloadName = "Transfer", Size = 10 });

        Assert.Null(request);
        Assert.Equal(ErrorIds.StrategyCannotRunWorkload, refusal!.Id);
        Assert.Equal(Strategy.Job, refusal.Target);
        Assert.Contains("Start-Job", refusal.Message);
    }

    [Fact]
    public void A_script_block_becomes_a_workload_of_its_own_with_its_arguments_and_using_values()
    {
        var values = new Dictionary<string, object?> { ["__using_limit"] = 7 };
        var (request, refusal) = WorkloadRequests.Build(Ask() with
        {
            ScriptBlock = ScriptBlock.Create("param($n) $n + $using:limit"),
            ArgumentList = [5],
            UsingValues = values,
            Size = 3,
        });

        Assert.Null(refusal);
        Assert.Equal(ScriptBlockWorkload.WorkloadName, request!.Info.Name);
        Assert.Equal(3, request.Spec.Size);
        var workload = Assert.IsType<ScriptBlockWorkload>(request.Catalog.Create(request.Spec));
        Assert.Equal([5], workload.Arguments);
        Assert.Same(values, workload.UsingValues);
    }
}
