namespace ParallelCmdlets.Workloads;

/// <summary>
/// One experiment. An instance is made from a <see cref="WorkloadSpec"/> in every process that runs it.
/// Everything in the Prepare methods and the worker state happens before the timed run.
/// </summary>
public abstract class Workload : IDisposable
{
    protected Workload(WorkloadSpec spec) => Spec = spec;

    public WorkloadSpec Spec { get; }

    /// <summary>Once, in the process that owns the run: build shared inputs, generate files.</summary>
    public virtual void PrepareShared() { }

    /// <summary>Once in every process that executes tasks (the parent for in-process strategies).</summary>
    public virtual void PrepareLocal() { }

    /// <summary>Per worker thread, before the run: for example a runspace. Used only by that thread.</summary>
    public virtual object? CreateWorkerState() => null;

    public virtual void ReleaseWorkerState(object? state) { }

    /// <summary>The argument of a task, made in the owning process. Threads share it; processes copy it.</summary>
    public virtual object? CreateInput(int taskId) => null;

    /// <summary>Runs one task. Throwing marks the task Failed with the exception's message.</summary>
    public abstract object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation);

    /// <summary>
    /// The most bytes one task's result can take on the wire; the parent refuses more, so a broken worker
    /// cannot make it allocate gigabytes. Workloads that return data say how much.
    /// </summary>
    public virtual long MaxResultBytes => 1L << 20;

    /// <summary>Whether -Size sets how much work a task does; not for the user's own code, whose own parameters set it.</summary>
    public virtual bool SizeSetsWork => true;

    /// <summary>Turns a value into something the wire carries (null, double[], byte[] or string).</summary>
    public virtual object? ToWire(object? value) => value;

    /// <summary>The inverse of <see cref="ToWire"/>; <paramref name="value"/> may be a reused buffer.</summary>
    public virtual object? FromWire(object? value) => value;

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
