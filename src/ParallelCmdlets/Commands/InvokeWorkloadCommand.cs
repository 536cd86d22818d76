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

    /// <summary>Also write each task's own output after its record.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override IReadOnlyList<Strategy> RequestedStrategies => [Strategy];

    protected override void ProcessRecord()
    {
        var plan = BuildPlan(keepOutput: PassThru);
        var workers = Strategy == Strategy.Sequential ? 1 : Workers;
        RunOnWorkerThreads($"Invoke-Workload {plan.Info.Name} ({Strategy})", (observer, cancellation) =>
        {
            observer.OnTask = record =>
            {
                WriteObject(record);
                // A script's output objects are written one by one; an array of numbers (Transfer's 80 MB) is one object.
                if (PassThru && record.Output is not null)
                    WriteObject(record.Output, enumerateCollection: record.Output is not Array array || !array.GetType().GetElementType()!.IsPrimitive);
                WriteTaskError(record);
            };
            using var runner = new ExperimentRunner(plan.Catalog, plan.Spec, plan.Options, observer);
            return runner.RunOnce(new StrategyPlan(Strategy, workers, ThreadsPerWorker), cancellation);
        });
    }
}
