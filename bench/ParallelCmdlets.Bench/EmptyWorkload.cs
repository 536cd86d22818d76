using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Bench;

/// <summary>A task that does nothing, so a run measures only the executor's own cost per task.</summary>
internal sealed class EmptyWorkload() : Workload(new WorkloadSpec("Empty", 0, 0))
{
    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation) => null;
}
