using System.Diagnostics;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Executors;

public class ProcessExecutorTests
{
    [Fact]
    public void Every_task_runs_once_in_worker_processes_other_than_this_one()
    {
        using var workload = TestWorkloads.Prepared("Loop", 1000, 8);
        using var executor = new ProcessExecutor(2, 1, workload, TestWorkloads.Options());
        executor.Start(default);
        var result = executor.Run(8, NullTaskSink.Instance, default);

        Assert.Equal(Enumerable.Range(1, 8), result.Records.Select(r => r.TaskId).Order());
        Assert.All(result.Records, r => Assert.Equal(TaskState.Completed, r.Status));
        Assert.All(result.Records, r => Assert.InRange(r.WorkerId, 1, 2));
        Assert.All(result.Records, r => Assert.NotEqual(Environment.ProcessId, r.ProcessId));
        Assert.Equal(2, result.Records.Select(r => r.ProcessId).Distinct().Count());
    }

    [Fact]
    public void Measures_startup_apart_from_the_run()
    {
        using var workload = TestWorkloads.Prepared("Loop", 1000, 2);
        using var executor = new ProcessExecutor(1, 1, workload, TestWorkloads.Options());
        executor.Start(default);
        var result = executor.Run(2, NullTaskSink.Instance, default);

        Assert.True(executor.StartupSeconds > 0);
        Assert.All(result.Records, r => Assert.True(r.Start >= 0 && r.Start <= r.End && r.QueueWait >= 0));
    }

    [Fact]
    public void Honours_threads_per_worker()
    {
        using var workload = TestWorkloads.Prepared("Sleep", 150, 4);
        using var executor = new ProcessExecutor(1, 2, workload, TestWorkloads.Options());
        executor.Start(default);
        var result = executor.Run(4, NullTaskSink.Instance, default);

        Assert.Single(result.Records.Select(r => r.ProcessId).Distinct());
        Assert.Equal(2, result.Records.Select(r => r.ThreadId).Distinct().Count());
        Assert.True(TestWorkloads.Overlap(result.Records[0], result.Records[1]));
    }

    [Fact]
    public void Counts_the_exact_bytes_of_a_known_payload_both_ways()
    {
        const long rows = 3;
        using var workload = TestWorkloads.Prepared("Transfer", rows, 2);
        using var executor = new ProcessExecutor(1, 1, workload, TestWorkloads.Options(keepOutput: true));
        executor.Start(default);
        var result = executor.Run(2, NullTaskSink.Instance, default);

        var bytes = TransferWorkload.PayloadBytes(rows);
        Assert.All(result.Records, r =>
        {
            Assert.Equal(bytes, r.BytesIn);
            Assert.Equal(bytes, r.BytesOut);
            Assert.True(r.TransferIn > 0 && r.TransferOut > 0);
        });
        var input = (double[])workload.CreateInput(1)!;
        Assert.Equal(input.Select(x => x * 2), (double[])result.Records[0].Output!);
    }

    [SkippableFact]
    public void Two_cpu_bound_workers_compute_in_parallel_not_only_in_turns()
    {
        // The CPU each worker reports for its task, read on the worker's own thread, against the parent's span.
        using var workload = TestWorkloads.Prepared("Loop", 50_000_000, 2);
        using var executor = new ProcessExecutor(2, 1, workload, TestWorkloads.Options());
        executor.Start(default);
        TestWorkloads.AssertParallel(() =>
        {
            var records = executor.Run(2, NullTaskSink.Instance, default).Records;
            Assert.Equal(2, records.Select(r => r.ProcessId).Distinct().Count());
            return records;
        });
    }

    [Fact]
    public void Leaves_no_worker_process_behind()
    {
        IReadOnlyList<int> ids;
        using (var workload = TestWorkloads.Prepared("Loop", 10, 2))
        using (var executor = new ProcessExecutor(2, 1, workload, TestWorkloads.Options()))
        {
            executor.Start(default);
            executor.Run(2, NullTaskSink.Instance, default);
            ids = executor.WorkerProcessIds;
            Assert.Equal(2, ids.Count);
        }
        Assert.All(ids, id => Assert.False(IsRunning(id), $"worker process {id} is still running"));
    }

    [Fact]
    public void A_worker_killed_mid_task_fails_that_task_and_is_replaced()
    {
        using var workload = TestWorkloads.Prepared("Sleep", 300, 6);
        using var executor = new ProcessExecutor(2, 1, workload, TestWorkloads.Options());
        executor.Start(default);
        var victim = executor.WorkerProcessIds[0];
        var killer = TestWorkloads.KillAfter(victim, 150);
        var result = executor.Run(6, NullTaskSink.Instance, default);
        killer.Join();

        var failed = Assert.Single(result.Records, r => r.Status == TaskState.Failed);
        Assert.Contains("Worker 1", failed.Error);
        Assert.Contains("signal 9", failed.Error);
        Assert.Equal(5, result.Records.Count(r => r.Status == TaskState.Completed));

        // The replacement serves the next run.
        Assert.DoesNotContain(victim, executor.WorkerProcessIds);
        Assert.Equal(2, executor.WorkerProcessIds.Count);
        var next = executor.Run(4, NullTaskSink.Instance, default);
        Assert.All(next.Records, r => Assert.Equal(TaskState.Completed, r.Status));
        Assert.Contains(next.Records, r => r.WorkerId == 1 && r.ProcessId != victim);
    }

    /// <summary>One worker with two threads, killed while tasks 1 and 2 wait 600 ms side by side on it.</summary>
    private static (IReadOnlyList<TaskRecord> Records, int Victim, int Replacement) KillTwoThreadWorkerMidRun()
    {
        using var workload = TestWorkloads.Prepared("Sleep", 600, 6);
        using var executor = new ProcessExecutor(1, 2, workload, TestWorkloads.Options());
        executor.Start(default);
        var victim = executor.WorkerProcessIds.Single();
        var killer = TestWorkloads.KillAfter(victim, 250);
        var records = executor.Run(6, NullTaskSink.Instance, default).Records;
        killer.Join();
        return (records, victim, Assert.Single(executor.WorkerProcessIds));
    }

    [Fact]
    public void A_worker_with_two_threads_killed_mid_run_loses_both_tasks_in_flight_and_the_rest_complete_on_its_replacement()
    {
        var (records, victim, replacement) = KillTwoThreadWorkerMidRun();

        Assert.Equal(Enumerable.Range(1, 6), records.Select(r => r.TaskId).Order());
        var lost = records.Where(r => r.Status != TaskState.Completed).OrderBy(r => r.TaskId).ToList();
        Assert.Equal([1, 2], lost.Select(r => r.TaskId));
        Assert.All(lost, r =>
        {
            Assert.Contains(r.Status, new[] { TaskState.Failed, TaskState.Cancelled });
            Assert.Equal(victim, r.ProcessId);
            Assert.True(r.Error!.Contains("Worker 1"), $"task {r.TaskId}: {r.Error}");
        });
        Assert.Contains(lost, r => r.Error!.Contains("signal 9"));
        var rest = records.Where(r => r.Status == TaskState.Completed).ToList();
        Assert.Equal(4, rest.Count);
        Assert.NotEqual(victim, replacement);
        Assert.All(rest, r => Assert.Equal(replacement, r.ProcessId));
        Assert.Equal(2, rest.Select(r => r.ThreadId).Distinct().Count());
    }

    [Fact]
    public void Both_tasks_lost_with_a_killed_two_thread_worker_say_how_it_died()
    {
        var (records, _, _) = KillTwoThreadWorkerMidRun();

        Assert.All(records.Where(r => r.Status != TaskState.Completed), r =>
            Assert.True(r.Error!.Contains("killed by signal 9"), $"task {r.TaskId} does not say how its worker died: {r.Error}"));
    }

    [Fact]
    public void A_task_past_its_timeout_is_cancelled_and_its_worker_replaced()
    {
        using var workload = TestWorkloads.Prepared("Sleep", 30_000, 2);
        using var executor = new ProcessExecutor(1, 1, workload, TestWorkloads.Options(timeout: 0.3));
        executor.Start(default);
        var first = executor.WorkerProcessIds[0];
        var watch = Stopwatch.StartNew();
        var result = executor.Run(2, NullTaskSink.Instance, default);

        Assert.All(result.Records, r => Assert.Equal(TaskState.Cancelled, r.Status));
        Assert.Contains("timeout", result.Records[0].Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}"); // tasks would sleep 60 s
        Assert.False(IsRunning(first));
        // Task 2 ran on the replacement made for it; the worker ended by the last timeout is replaced before the next run.
        Assert.NotEqual(first, result.Records[1].ProcessId);
        var next = executor.Run(1, NullTaskSink.Instance, default);
        Assert.DoesNotContain(next.Records[0].ProcessId, result.Records.Select(r => r.ProcessId));
    }

    [Fact]
    public void Tasks_past_their_timeout_on_every_worker_end_together_and_the_run_does_not_wait_for_replacements()
    {
        // Each task may take its 0.3 s timeout and one stop; a launcher takes three times that to start each
        // replacement, as pwsh does on a busy machine: a run that waited on them is told apart from one that did not.
        const double timeout = 0.3;
        var bound = timeout + StopBound.Measure().TotalSeconds;
        using var workload = TestWorkloads.Prepared("Sleep", 30_000, 3);
        var slow = new SlowAfterFirstLauncher(DotnetWorkerLauncher.TryCreateDefault()!, firstStarts: 3, delaySeconds: 3 * bound);
        using var executor = new ProcessExecutor(3, 1, workload, TestWorkloads.Options(timeout: timeout) with { Launcher = slow });
        executor.Start(default);
        var watch = Stopwatch.StartNew();

        var result = executor.Run(3, NullTaskSink.Instance, default);

        Assert.All(result.Records, r => Assert.Equal(TaskState.Cancelled, r.Status));
        Assert.All(result.Records, r => Assert.True(r.Duration < bound, $"task {r.TaskId} took {r.Duration:0.00} s against a {timeout} s timeout (bound {bound:0.00} s)"));
        Assert.True(watch.Elapsed.TotalSeconds < 2 * bound, $"the run took {watch.Elapsed.TotalSeconds:0.00} s; waiting on a replacement takes {3 * bound:0.00} s");
    }

    /// <summary>Starts the first workers at once and delays every later start, as a slow pwsh start would.</summary>
    private sealed class SlowAfterFirstLauncher(IWorkerLauncher inner, int firstStarts, double delaySeconds) : IWorkerLauncher
    {
        private int started;
        public string Description => "a slow start of " + inner.Description;

        public ProcessStartInfo CreateStartInfo(WorkerArguments arguments)
        {
            if (Interlocked.Increment(ref started) > firstStarts) Thread.Sleep(TimeSpan.FromSeconds(delaySeconds));
            return inner.CreateStartInfo(arguments);
        }
    }

    [Fact]
    public void Stopping_a_run_ends_it_promptly_and_kills_the_workers()
    {
        using var workload = TestWorkloads.Prepared("Sleep", 60_000, 4);
        using var executor = new ProcessExecutor(2, 1, workload, TestWorkloads.Options());
        executor.Start(default);
        var ids = executor.WorkerProcessIds;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        var result = executor.Run(4, NullTaskSink.Instance, cancellation.Token);

        // Promptly next to the 60 s a task would sleep; generous for a busy machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {watch.Elapsed}");
        Assert.All(result.Records, r => Assert.NotEqual(TaskState.Completed, r.Status));
        Assert.All(ids, id => Assert.True(HasEnded(id, TimeSpan.FromSeconds(3)), $"worker {id} still runs"));
    }

    /// <summary>A killed process is gone a moment later, not at once: poll rather than sleep a guessed time.</summary>
    internal static bool HasEnded(int processId, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (IsRunning(processId))
        {
            if (watch.Elapsed > within) return false;
            Thread.Sleep(20);
        }
        return true;
    }

    internal static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

public class ProcessExecutorPrivacyTests
{
    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // skipped there: Unix file modes only
    public void Sockets_live_in_a_folder_only_this_user_can_enter_and_it_is_removed_after()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes only");
        string folder;
        using (var workload = TestWorkloads.Prepared("Loop", 10, 1))
        using (var executor = new ProcessExecutor(1, 1, workload, TestWorkloads.Options()))
        {
            executor.Start(default);
            folder = executor.SocketFolder!;
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }
        Assert.False(Directory.Exists(folder));
    }
}
