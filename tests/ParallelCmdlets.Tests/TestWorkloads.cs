using System.Diagnostics;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests;

/// <summary>Small workloads and helpers shared by the executor tests.</summary>
internal static class TestWorkloads
{
    public static ExecutorOptions Options(string name = "Test", bool keepOutput = false, double? timeout = null) =>
        new() { WorkloadName = name, KeepOutput = keepOutput, TimeoutSeconds = timeout };

    /// <summary>A compiled workload from the catalog, prepared as the experiment runner would.</summary>
    public static Workload Prepared(string name, long size, int tasks)
    {
        var workload = WorkloadCatalog.CreateBuiltIn().Create(new WorkloadSpec(name, size, tasks));
        workload.PrepareShared();
        workload.PrepareLocal();
        return workload;
    }

    /// <summary>Spins the CPU for a while: two of these on two threads overlap in time only if both run.</summary>
    public static void Spin(TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        var x = 0.0;
        while (watch.Elapsed < duration) x += Math.Sqrt(watch.ElapsedTicks);
        GC.KeepAlive(x);
    }

    public static bool Overlap(TaskRecord a, TaskRecord b) => a.Start < b.End && b.Start < a.End;
}

/// <summary>Records which worker state each task saw: proves states are made per thread before the run.</summary>
internal sealed class StateProbeWorkload(WorkloadSpec spec) : Workload(spec)
{
    private int statesMade;
    public int StatesMade => statesMade;

    public override object? CreateWorkerState() => Interlocked.Increment(ref statesMade);

    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
    {
        TestWorkloads.Spin(TimeSpan.FromMilliseconds(5));
        return workerState;
    }
}

/// <summary>A CPU-bound task of fixed duration.</summary>
internal sealed class SpinWorkload(WorkloadSpec spec) : Workload(spec)
{
    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
    {
        TestWorkloads.Spin(TimeSpan.FromMilliseconds(Spec.Size));
        return null;
    }
}

/// <summary>Fails one chosen task.</summary>
internal sealed class ThrowingWorkload(WorkloadSpec spec) : Workload(spec)
{
    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation) =>
        taskId == Spec.Size ? throw new InvalidOperationException($"task {taskId} broke") : null;
}
