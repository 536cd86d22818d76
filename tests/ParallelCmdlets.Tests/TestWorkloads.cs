using System.Diagnostics;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests;

/// <summary>Small workloads and helpers shared by the executor tests.</summary>
internal static class TestWorkloads
{
    public static ExecutorOptions Options(bool keepOutput = false, double? timeout = null) =>
        new() { KeepOutput = keepOutput, TimeoutSeconds = timeout };

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

    /// <summary>
    /// Kills a process after a delay from a thread of its own: a thread-pool timer can fire hundreds of
    /// milliseconds late when earlier tests left the pool's threads blocked. Join it after the run.
    /// </summary>
    public static Thread KillAfter(int processId, int milliseconds)
    {
        var killer = new Thread(() =>
        {
            Thread.Sleep(milliseconds);
            try { Process.GetProcessById(processId).Kill(); }
            catch (ArgumentException) { /* already gone */ }
        }) { IsBackground = true, Name = "test killer" };
        killer.Start();
        return killer;
    }

    /// <summary>Tasks that only take turns on one core keep at most this many cores busy; parallel ones must clearly exceed it.</summary>
    public const double ParallelCores = 1.25;

    /// <summary>
    /// Shows that tasks computed at once, not only in overlapping time spans: their CPU (read on their own
    /// threads) over the span they ran in. Tasks that merely take turns keep at most one core busy; two computing
    /// on two cores keep about two. A busy machine can deny a run its second core, so up to three tries are made;
    /// when every try found other programs using half a core or more, the test is skipped saying so.
    /// </summary>
    public static void AssertParallel(Func<IReadOnlyList<TaskRecord>> run)
    {
        Skip.If(Environment.ProcessorCount < 2, "one core: tasks can take turns but never compute at once");
        var tries = new List<(double Cores, double Others)>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var before = ParallelCmdlets.Measurement.MachineCpu.Read();
            var records = run();
            var after = ParallelCmdlets.Measurement.MachineCpu.Read();
            Assert.All(records, r => Assert.Equal(TaskState.Completed, r.Status));
            Assert.True(Overlap(records[0], records[1]), "the two tasks did not even overlap in time");
            var span = records.Max(r => r.End) - records.Min(r => r.Start);
            var cpu = records.Sum(r => r.CpuSeconds);
            var others = before is { } b && after is { } a ? Math.Max(0, a.BusySeconds - b.BusySeconds - cpu) / span : 0;
            tries.Add((cpu / span, others));
            if (cpu / span >= ParallelCores) return;
        }
        var seen = string.Join("; ", tries.Select(t => $"{t.Cores:0.00} cores busy, other programs {t.Others:0.00}"));
        Skip.If(tries.All(t => t.Others >= 0.5), $"the machine was too busy to show parallelism: {seen}");
        Assert.Fail($"the tasks kept at most {tries.Max(t => t.Cores):0.00} cores busy at once (need {ParallelCores}): {seen}");
    }
}

/// <summary>Task 1 waits for its token (a timeout) up to Size ms; every other task returns ten times its id at once.</summary>
internal sealed class SlowFirstTaskWorkload(WorkloadSpec spec) : Workload(spec)
{
    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
    {
        if (taskId != 1) return taskId * 10;
        cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Spec.Size));
        cancellation.ThrowIfCancellationRequested();
        return taskId * 10;
    }
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
