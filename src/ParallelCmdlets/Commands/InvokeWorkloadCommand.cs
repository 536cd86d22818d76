using System.Management.Automation;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Commands;

/// <summary>Runs a workload once under one strategy and writes a record per task as tasks finish.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "Workload", DefaultParameterSetName = WorkloadSet)]
[OutputType(typeof(TaskRecord))]
public sealed class InvokeWorkloadCommand : SingleRunCommandBase
{
    /// <summary>How to run the tasks.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(StrategyCompleter))]
    public Strategy Strategy { get; set; } = Strategy.Threads;

    /// <summary>How data reaches worker processes (Processes only): Copy (the socket) or SharedMemory.</summary>
    [Parameter]
    public TransferMode TransferMode { get; set; } = TransferMode.Copy;

    protected override IReadOnlyList<TransferMode> TransferModesAsked => [TransferMode];

    /// <summary>Also write each task's own output after its record.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override IReadOnlyList<Strategy> RequestedStrategies => [Strategy];

    protected override void ProcessRecord()
    {
        var request = BuildRequest(keepOutput: PassThru);
        // Sequential has one worker, Remote a lane per host and worker: as Compare-Strategy plans them.
        var strategyPlan = PlanFor(Strategy, Workers) with { TransferMode = TransferMode };
        RunOnWorkerThreads($"Invoke-Workload {request.Info.Name} ({strategyPlan.Label})", (progress, cancellation) =>
        {
            progress.OnTask = record =>
            {
                WriteObject(record);
                // A script's output objects are written one by one; an array of numbers (Transfer's 80 MB) is one object.
                if (PassThru && record.Output is not null)
                    WriteObject(record.Output, enumerateCollection: record.Output is not Array array || !array.GetType().GetElementType()!.IsPrimitive);
                WriteTaskError(record);
            };
            using var runner = new ExperimentRunner(request.Catalog, request.Spec, request.Options, progress);
            return runner.RunOnce(strategyPlan, cancellation);
        });
    }
}
