using System.Diagnostics;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Executors;

/// <summary>Failures on the way to and from a worker, and stops while workers start: each ends as a record or a prompt return.</summary>
public class ProcessExecutorFailureTests
{
    [Fact]
    public void An_argument_that_cannot_be_sent_fails_its_task_and_the_others_run()
    {
        using var workload = new UnsendableArgumentWorkload(new WorkloadSpec("Sleep", 1, 4), failingTask: 2);
        using var executor = new ProcessExecutor(1, 1, workload, TestWorkloads.Options());
        executor.Start(default);

        var records = executor.Run(4, NullTaskSink.Instance, default).Records;

        var failed = Assert.Single(records, r => r.Status == TaskState.Failed);
        Assert.Equal(2, failed.TaskId);
        Assert.Equal("The task's argument could not be prepared for the worker: argument 2 cannot be serialised", failed.Error);
        Assert.Equal(3, records.Count(r => r.Status == TaskState.Completed));
    }

    [Fact]
    public void A_result_that_cannot_be_read_back_fails_its_task_and_the_worker_goes_on()
    {
        using var workload = new UnreadableResultWorkload(new WorkloadSpec("Transfer", 10, 3));
        workload.PrepareShared();
        using var executor = new ProcessExecutor(1, 1, workload, TestWorkloads.Options());
        executor.Start(default);
        var worker = executor.WorkerProcessIds.Single();

        var records = executor.Run(3, NullTaskSink.Instance, default).Records;

        Assert.All(records, r => Assert.Equal(TaskState.Failed, r.Status));
        Assert.All(records, r => Assert.Equal("The task's result could not be read back: the result is unreadable", r.Error));
        Assert.Equal(worker, executor.WorkerProcessIds.Single());
    }

    [Fact]
    public void A_result_larger_than_the_task_can_produce_is_refused_unread()
    {
        // The real worker returns a 80 KB array; this parent was told to expect at most 1 KB.
        using var workload = new SmallCapTransferWorkload(new WorkloadSpec("Transfer", 10, 2));
        workload.PrepareShared();
        using var executor = new ProcessExecutor(1, 1, workload, TestWorkloads.Options());
        executor.Start(default);

        var records = executor.Run(2, NullTaskSink.Instance, default).Records;

        Assert.All(records, r => Assert.Equal(TaskState.Failed, r.Status));
        Assert.Contains("80,000-byte payload where at most 1,024 bytes can come", records[0].Error);
    }

    [Fact]
    public void Stopping_while_workers_start_returns_promptly_and_leaves_no_process_behind()
    {
        using var workload = TestWorkloads.Prepared("Loop", 10, 2);
        var launcher = new NeverConnectingLauncher();
        using var executor = new ProcessExecutor(3, 1, workload, TestWorkloads.Options() with { Launcher = launcher });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var watch = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => executor.Start(cancellation.Token));

        // About 0.5 s expected; waiting for the 60 s connect timeout is the failure. 10 s is far from both.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"start took {watch.Elapsed} to stop");
        executor.Dispose();
        Assert.Equal(3, launcher.Started.Count);
        Assert.All(launcher.Started, id => Assert.True(ProcessExecutorTests.HasEnded(id, TimeSpan.FromSeconds(3)), $"process {id} outlived the stop"));
    }

    [Fact]
    public void Stopping_during_a_worker_replacement_does_not_wait_for_it()
    {
        // The first start is a real worker; its replacement never connects, as a stuck start would not.
        using var workload = TestWorkloads.Prepared("Sleep", 5_000, 4);
        var launcher = new FirstRealThenNeverConnectingLauncher();
        using var executor = new ProcessExecutor(1, 1, workload, TestWorkloads.Options() with { Launcher = launcher });
        executor.Start(default);
        var victim = executor.WorkerProcessIds.Single();
        var killer = TestWorkloads.KillAfter(victim, 200);
        using var cancellation = new CancellationTokenSource();
        // Stopped once the replacement is being started, however long noticing the death took on a busy machine.
        var stopped = Stopwatch.StartNew();
        var stopDuringReplacement = Task.Run(() =>
        {
            launcher.ReplacementStarting.Wait(TimeSpan.FromMinutes(1));
            stopped.Restart();
            cancellation.Cancel();
        });

        var records = executor.Run(4, NullTaskSink.Instance, cancellation.Token).Records;
        var stopTook = stopped.Elapsed;
        killer.Join();
        stopDuringReplacement.Wait();

        // Before, stopping waited on the pool lock behind a replacement that could take the whole connect timeout.
        // Moments expected; the failure waited for the replacement's 30 s connect timeout. 10 s is far from both.
        Assert.True(launcher.ReplacementStarting.IsSet, "the killed worker was never replaced");
        Assert.True(stopTook < TimeSpan.FromSeconds(10), $"the run took {stopTook} to stop");
        Assert.Equal(4, records.Count);
        Assert.Contains(records, r => r.Status == TaskState.Failed && r.Error!.Contains("signal 9"));
        executor.Dispose();
        Assert.All(launcher.Started, id => Assert.True(ProcessExecutorTests.HasEnded(id, TimeSpan.FromSeconds(3)), $"process {id} outlived the pool"));
    }

    private sealed class UnsendableArgumentWorkload(WorkloadSpec spec, int failingTask) : Workload(spec)
    {
        public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation) => null;

        public override object? ToWire(object? value) => value;

        public override object? CreateInput(int taskId) =>
            taskId == failingTask ? throw new InvalidOperationException($"argument {taskId} cannot be serialised") : null;
    }

    private sealed class UnreadableResultWorkload(WorkloadSpec spec) : Workload(spec)
    {
        private readonly TransferWorkload inner = new(spec);
        public override void PrepareShared() => inner.PrepareShared();
        public override long MaxResultBytes => inner.MaxResultBytes;
        public override object? CreateInput(int taskId) => inner.CreateInput(taskId);
        public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation) => null;
        public override object? FromWire(object? value) => throw new FormatException("the result is unreadable");
    }

    private sealed class SmallCapTransferWorkload(WorkloadSpec spec) : Workload(spec)
    {
        private readonly TransferWorkload inner = new(spec);
        public override void PrepareShared() => inner.PrepareShared();
        public override long MaxResultBytes => 1024;
        public override object? CreateInput(int taskId) => inner.CreateInput(taskId);
        public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation) => null;
    }

    /// <summary>Starts a process that never connects, as a worker stuck in start-up would, and notes its id.</summary>
    private class NeverConnectingLauncher : IWorkerLauncher
    {
        private readonly string folder = Directory.CreateTempSubdirectory("pct-").FullName;
        public string Description => "sleep (never connects)";

        /// <summary>Ids of the processes started so far: each wrote its own before becoming sleep.</summary>
        public IReadOnlyList<int> Started => Directory.GetFiles(folder).Select(f => int.Parse(File.ReadAllText(f).Trim())).ToList();

        public virtual ProcessStartInfo CreateStartInfo(WorkerArguments arguments) => Sleeper();

        protected ProcessStartInfo Sleeper()
        {
            var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("echo $$ > \"$0\"; exec sleep 60");
            info.ArgumentList.Add(Path.Combine(folder, Guid.NewGuid().ToString("N")));
            return info;
        }
    }

    private sealed class FirstRealThenNeverConnectingLauncher : NeverConnectingLauncher
    {
        private readonly DotnetWorkerLauncher real = DotnetWorkerLauncher.TryCreateDefault()!;
        private int starts;

        public ManualResetEventSlim ReplacementStarting { get; } = new();

        public override ProcessStartInfo CreateStartInfo(WorkerArguments arguments)
        {
            if (Interlocked.Increment(ref starts) == 1) return real.CreateStartInfo(arguments);
            ReplacementStarting.Set();
            return Sleeper();
        }
    }
}
