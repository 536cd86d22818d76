using System.Diagnostics;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>
/// CPU, GC and latency mode are process-wide: measurements in one process take turns. The gate's count of
/// abandoned threads is process-wide too, so these tests run alone: another class's stopped run would count.
/// </summary>
[Collection(nameof(MeasurementGateCollection))]
public class MeasurementGateTests
{
    [Fact]
    public void Two_measurements_in_one_process_do_not_overlap()
    {
        // Each measurement's tasks stamp when they ran, on one clock: every task of the one that went second
        // starts after every task of the first has ended, however the threads were scheduled around them.
        var spans = new List<(int Run, long Start, long End)>();
        void Measure(int id)
        {
            var catalog = new WorkloadCatalog().Add(new WorkloadInfo { Name = "Stamped", DefaultSize = 1, SizeUnit = "ms" },
                spec => new StampedWorkload(spec, id, spans));
            using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Stamped", 150, 2), TestWorkloads.Options(), new Quiet());
            runner.RunOnce(new StrategyPlan(Strategy.Threads, 2, 1), default);
        }

        Task.WaitAll(Task.Run(() => Measure(1)), Task.Run(() => Measure(2)));

        Assert.Equal(4, spans.Count);
        var first = spans.MinBy(s => s.Start).Run;
        var firstEnds = spans.Where(s => s.Run == first).Max(s => s.End);
        var secondStarts = spans.Where(s => s.Run != first).Min(s => s.Start);
        Assert.True(secondStarts >= firstEnds, "a task of the second measurement began while the first was still running");
    }

    [Fact]
    public void A_new_run_waits_for_task_threads_a_stopped_run_abandoned()
    {
        DeafWorkload? deaf = null;
        var catalog = new WorkloadCatalog().Add(new WorkloadInfo { Name = "Deaf", DefaultSize = 1, SizeUnit = "-" }, spec => deaf = new DeafWorkload(spec));
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Deaf", 4000, 1), TestWorkloads.Options(), new Quiet());
        using (var stop = new CancellationTokenSource())
        {
            // Stopped once the task is inside code that ignores the stop, however long the pool took to start.
            var stopOnceStarted = Task.Run(() =>
            {
                deaf!.Started.Wait(TimeSpan.FromMinutes(1));
                stop.Cancel();
            });
            runner.RunOnce(new StrategyPlan(Strategy.Threads, 1, 1), stop.Token);
            stopOnceStarted.Wait();
        }
        Assert.False(deaf!.Finished, "the deaf task ended before the stop could abandon it");
        Assert.Equal(1, MeasurementGate.AbandonedThreads);

        using (MeasurementGate.Enter(_ => { }, default))
        {
            // The deaf task spins 4 s from its start, longer than the stop's grace and disposing the pool wait
            // for it; the gate opened only once it had finished.
            Assert.True(deaf.Finished, "the gate opened while the abandoned task still computed");
            Assert.Equal(0, MeasurementGate.AbandonedThreads);
        }
    }

    [Fact]
    public void Waiting_for_the_gate_says_why_and_a_stop_ends_the_wait()
    {
        using var first = MeasurementGate.Enter(_ => { }, default);
        var said = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.ThrowsAny<OperationCanceledException>(() => MeasurementGate.Enter(said.Add, stop.Token));
        Assert.Equal(["Waiting for another measurement in this process to finish: CPU, GC and latency mode are process-wide."], said);
    }

    /// <summary>Spins for Size milliseconds and never looks at its token, as careless user code does.</summary>
    private sealed class DeafWorkload(WorkloadSpec spec) : Workload(spec)
    {
        public ManualResetEventSlim Started { get; } = new();
        private volatile bool finished;
        public bool Finished => finished;

        public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
        {
            Started.Set();
            TestWorkloads.Spin(TimeSpan.FromMilliseconds(Spec.Size));
            finished = true;
            return null;
        }
    }

    /// <summary>Sleeps Size milliseconds and notes when it ran, under the measurement it belongs to.</summary>
    private sealed class StampedWorkload(WorkloadSpec spec, int run, List<(int Run, long Start, long End)> spans) : Workload(spec)
    {
        public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
        {
            var start = Stopwatch.GetTimestamp();
            Thread.Sleep((int)Spec.Size); // the task's own work
            var end = Stopwatch.GetTimestamp();
            lock (spans) spans.Add((run, start, end));
            return null;
        }
    }

    private sealed class Quiet : IExperimentObserver
    {
        public void Phase(string message) { }
        public void TaskFinished(TaskRecord record) { }
    }
}

[CollectionDefinition(nameof(MeasurementGateCollection), DisableParallelization = true)]
public sealed class MeasurementGateCollection;
