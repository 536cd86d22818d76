using System.Collections.Concurrent;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Strategies;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>
/// What was asked of a run is attached in one place, whatever the executor did: an executor reports only what
/// happened, and its run, its records (also those handed on while it runs) and its result still say what ran.
/// </summary>
public class RunIdentityTests
{
    private static readonly WorkloadInfo Probe = new() { Name = "Probe", DefaultSize = 1, SizeUnit = "probes" };

    private static RunIdentity Asked => new()
    {
        Workload = "Probe", Size = 42, SizeUnit = "probes", Strategy = Strategy.Processes, Workers = 3, ThreadsPerWorker = 2,
        TransferMode = TransferMode.SharedMemory, Wrapped = false, Tasks = 2, Warmup = 1, Round = 4, RunId = "0123456789ab",
        StartedUtc = new DateTime(2026, 12, 2, 14, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public void A_run_begins_with_the_workload_its_size_and_unit_the_plan_a_new_id_and_the_time_now()
    {
        var plan = new StrategyPlan(Strategy.Processes, 3, 2) { TransferMode = TransferMode.SharedMemory };
        var before = DateTime.UtcNow;

        var first = RunIdentity.Begin(Probe, new WorkloadSpec("probe", 42, 5), plan, warmup: 2, round: 4);
        var second = RunIdentity.Begin(Probe, new WorkloadSpec("probe", 42, 5), plan, warmup: 2, round: 4);

        // The catalog's spelling of the name, whatever the spec said.
        Assert.Equal(("Probe", 42L, "probes", 5), (first.Workload, first.Size, first.SizeUnit, first.Tasks));
        Assert.Equal((Strategy.Processes, 3, 2, TransferMode.SharedMemory, false), (first.Strategy, first.Workers, first.ThreadsPerWorker, first.TransferMode, first.Wrapped));
        Assert.Equal((2, 4), (first.Warmup, first.Round));
        Assert.InRange(first.StartedUtc, before, DateTime.UtcNow);
        Assert.Equal(DateTimeKind.Utc, first.StartedUtc.Kind);
        Assert.Matches("^[0-9a-f]{12}$", first.RunId);
        Assert.NotEqual(first.RunId, second.RunId);
    }

    [Fact]
    public void Stamping_a_record_attaches_what_was_asked_and_keeps_what_happened()
    {
        var happened = new TaskRecord
        {
            TaskId = 2, WorkerId = 3, ProcessId = 77, ThreadId = 9, HostName = "web1", ClockUncertainty = 0.001, Submitted = 0.1,
            Start = 0.25, End = 0.75, TransferIn = 0.01, TransferOut = 0.02, CpuSeconds = 0.4, BytesIn = 10,
            BytesOut = 20, Status = TaskState.Failed, Error = "broke",
        };

        var stamped = Asked.Stamp(happened);

        Assert.Equal(("0123456789ab", "Probe", 42L, "probes", 1, Asked.StartedUtc), (stamped.RunId, stamped.Workload, stamped.Size, stamped.SizeUnit, stamped.Warmup, stamped.RunStartedUtc));
        Assert.Equal((Strategy.Processes, 3, 2, TransferMode.SharedMemory), (stamped.Strategy, stamped.Workers, stamped.ThreadsPerWorker, stamped.TransferMode));
        // Everything the executor measured is left as it was: the stamp only adds.
        Assert.Equal(happened, stamped with
        {
            RunId = "", Workload = "", Size = 0, SizeUnit = "", Warmup = 0, RunStartedUtc = default, Strategy = default, Workers = 0,
            ThreadsPerWorker = 0, TransferMode = default,
        });
    }

    [Fact]
    public void Records_handed_on_while_the_run_goes_on_are_stamped()
    {
        var sink = new CollectingSink();

        Asked.Stamping(sink).TaskFinished(new TaskRecord { TaskId = 1, End = 0.5, Status = TaskState.Completed });

        var record = Assert.Single(sink.Records);
        Assert.Equal((1, 0.5, "0123456789ab", 42L, Strategy.Processes), (record.TaskId, record.End, record.RunId, record.Size, record.Strategy));
    }

    [Fact]
    public void Accounting_a_run_attaches_what_was_asked_to_the_result_and_to_every_record_also_a_task_never_started()
    {
        var run = new ExecutedRun
        {
            Records =
            [
                new TaskRecord { TaskId = 1, Start = 0, End = 0.5, Status = TaskState.Completed },
                new TaskRecord { TaskId = 2, Status = TaskState.Cancelled, Error = "The run stopped before this task started." },
            ],
        };
        var counters = new UsageSnapshot(0, TimeSpan.Zero, new Dictionary<int, double>(), [], null);

        var result = RunAccounting.Account(run, Asked, startup: 0.3, counters, counters, gcMode: "", cores: 2);

        Assert.Equal(("0123456789ab", "Probe", 42L, "probes", 1, Asked.StartedUtc), (result.RunId, result.Workload, result.Size, result.SizeUnit, result.Warmup, result.StartedUtc));
        Assert.Equal((Strategy.Processes, 3, 2, TransferMode.SharedMemory, 2, 4), (result.Strategy, result.Workers, result.ThreadsPerWorker, result.TransferMode, result.Tasks, result.Round));
        Assert.Equal([1, 2], result.Records.Select(r => r.TaskId));
        Assert.All(result.Records, r => Assert.Equal(Asked.Stamp(run.Records[r.TaskId - 1]), r));
        Assert.Equal(0.5, result.Elapsed);
    }

    [Fact]
    public void An_executor_that_says_only_what_happened_still_gives_runs_records_and_results_that_say_what_was_asked()
    {
        // A strategy the host adds, built by hand as Remote's executor once was: it knows no workload, size or run id.
        var options = TestWorkloads.Options() with { Toolchains = StrategyCatalog.Default.With(new BareToolchain()) };
        var catalog = new WorkloadCatalog().Add(Probe, spec => new ExperimentRunnerTests.LatencyProbeWorkload(spec, []));
        var observer = new RecordingObserver();
        var before = DateTime.UtcNow;
        using var runner = new ExperimentRunner(catalog, new WorkloadSpec("Probe", 7, 3), options, observer);

        var measured = runner.Measure([new StrategyPlan(Strategy.Sequential, 1, 1), new StrategyPlan(Strategy.Remote, 2, 1)], repeat: 2, warmup: 1, default);
        var results = Comparison.Analyze(measured, Environment.ProcessorCount, environment: null);

        var runs = measured.SelectMany(m => m.Runs).ToList();
        Assert.Equal(4, runs.Count);
        Assert.All(measured, m => Assert.All(m.Runs, run =>
        {
            Assert.Equal(("Probe", 7L, "probes", 1, 3), (run.Workload, run.Size, run.SizeUnit, run.Warmup, run.Tasks));
            Assert.Equal((m.Plan.Strategy, m.Plan.Workers), (run.Strategy, run.Workers));
            Assert.InRange(run.StartedUtc, before, DateTime.UtcNow);
            Assert.Equal(3, run.Records.Count);
            Assert.All(run.Records, r =>
            {
                Assert.Equal((run.RunId, run.StartedUtc, 7L, "probes", 1), (r.RunId, r.RunStartedUtc, r.Size, r.SizeUnit, r.Warmup));
                Assert.Equal((run.Strategy, run.Workers, "Probe"), (r.Strategy, r.Workers, r.Workload));
            });
        }));
        Assert.Equal(runs.Count, runs.Select(r => r.RunId).Distinct().Count());
        // The records written while the runs went on say the same as the runs' own.
        var timed = observer.Timed.ToList();
        Assert.Equal(12, timed.Count);
        Assert.All(timed, r => Assert.Equal(runs.Single(run => run.RunId == r.RunId).Records[r.TaskId - 1], r));
        Assert.Equal(6, observer.Untimed.Count);
        Assert.All(observer.Untimed, r => Assert.Equal((7L, "probes"), (r.Size, r.SizeUnit)));
        Assert.All(results, result =>
        {
            Assert.Equal(("Probe", 7L, "probes", 1), (result.Workload, result.Size, result.SizeUnit, result.Warmup));
            Assert.InRange(result.StartedUtc, before, DateTime.UtcNow);
        });
    }

    /// <summary>Remote's place in the catalog, its executor built by hand as Remote's once was.</summary>
    private sealed class BareToolchain : StrategyToolchain
    {
        public override Strategy Strategy => Strategy.Remote;
        public override string Description => "a bare executor";
        public override StrategyTraits Traits => StrategyTraits.OtherHosts;
        public override int Simplicity => 7;
        public override IReadOnlyList<string> Shades { get; } = ["#000000"];
        public override IExecutor CreateExecutor(int workers, int threadsPerWorker, Workload workload, ExecutorOptions options) => new BareExecutor(workers);
    }

    /// <summary>Records with what happened and nothing else: no workload, size, strategy, run id or start.</summary>
    private sealed class BareExecutor(int workers) : InProcessExecutor
    {
        public override Strategy Strategy => Strategy.Remote;
        public override int Workers => workers;
        public override double StartupSeconds => 0;
        public override void Start(CancellationToken cancellation) { }

        public override ExecutedRun Run(int tasks, ITaskSink sink, CancellationToken cancellation)
        {
            var records = Enumerable.Range(1, tasks)
                .Select(id => new TaskRecord { TaskId = id, WorkerId = 1 + (id - 1) % workers, Start = (id - 1) * 0.001, End = id * 0.001, Status = TaskState.Completed })
                .ToArray();
            foreach (var record in records) sink.TaskFinished(record);
            return new ExecutedRun { Records = records };
        }

        public override void Dispose() { }
    }

    private sealed class CollectingSink : ITaskSink
    {
        public ConcurrentQueue<TaskRecord> Records { get; } = new();
        public void TaskFinished(TaskRecord record) => Records.Enqueue(record);
    }

    private sealed class RecordingObserver : IExperimentObserver
    {
        public ConcurrentQueue<TaskRecord> Timed { get; } = new();
        public ConcurrentQueue<TaskRecord> Untimed { get; } = new();
        public void Phase(string message) { }
        public void TaskFinished(TaskRecord record) => Timed.Enqueue(record);
        public void UntimedTaskFinished(TaskRecord record) => Untimed.Enqueue(record);
    }
}
