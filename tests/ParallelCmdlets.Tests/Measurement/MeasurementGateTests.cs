using System.Diagnostics;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>CPU, GC and latency mode are process-wide: measurements in one process take turns.</summary>
[Collection(nameof(MeasurementGateTests))]
public class MeasurementGateTests
{
    [Fact]
    public void Two_measurements_in_one_process_do_not_overlap()
    {
        var windows = new List<(long Start, long End)>();
        void Measure()
        {
            var catalog = WorkloadCatalog.CreateBuiltIn();
            using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Sleep", 150, 2), TestWorkloads.Options("Sleep"), new Quiet());
            var start = Stopwatch.GetTimestamp();
            var run = runner.RunOnce(new StrategyPlan(Strategy.Threads, 2, 1), default);
            var runStart = Stopwatch.GetTimestamp() - (long)(run.Elapsed * Stopwatch.Frequency);
            lock (windows) windows.Add((runStart, Stopwatch.GetTimestamp()));
        }

        Task.WaitAll(Task.Run(Measure), Task.Run(Measure));

        var ordered = windows.OrderBy(w => w.Start).ToArray();
        Assert.True(ordered[1].Start >= ordered[0].End - Stopwatch.Frequency / 100, "the second run began while the first was still running");
    }

    [Fact]
    public void A_new_run_waits_for_task_threads_a_stopped_run_abandoned()
    {
        var catalog = new WorkloadCatalog().Add(new WorkloadInfo { Name = "Deaf", DefaultSize = 1, SizeUnit = "-" }, spec => new DeafWorkload(spec));
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Deaf", 4000, 1), TestWorkloads.Options("Deaf"), new Quiet());
        using (var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
            runner.RunOnce(new StrategyPlan(Strategy.Threads, 1, 1), stop.Token);
        Assert.Equal(1, MeasurementGate.AbandonedThreads);

        var watch = Stopwatch.StartNew();
        using (MeasurementGate.Enter(_ => { }, default))
        {
            // The deaf task spins 4 s from its start, longer than disposing the pool waits for it; the gate
            // opened only once it had finished.
            Assert.Equal(0, MeasurementGate.AbandonedThreads);
            Assert.True(watch.Elapsed > TimeSpan.FromMilliseconds(500), $"entered after {watch.Elapsed.TotalMilliseconds:0} ms");
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
        public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
        {
            TestWorkloads.Spin(TimeSpan.FromMilliseconds(Spec.Size));
            return null;
        }
    }

    private sealed class Quiet : IExperimentObserver
    {
        public void Phase(string message) { }
        public void TaskFinished(TaskRecord record) { }
    }
}
