using ParallelCmdlets.Executors;
using ParallelCmdlets.Worker;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Executors;

/// <summary>-TransferMode SharedMemory: the data stays in maps both processes share, and the maps go with the pool.</summary>
public class SharedMemoryTransferTests
{
    private static ExecutorOptions SharedMemory(bool keepOutput = false) =>
        TestWorkloads.Options(keepOutput) with { TransferMode = TransferMode.SharedMemory };

    [Fact]
    public void Results_computed_in_shared_memory_equal_the_doubled_argument_with_no_payload_bytes_through_the_socket()
    {
        using var workload = TestWorkloads.Prepared("Transfer", 3, 4);
        using var executor = new ProcessExecutor(2, 1, workload, SharedMemory(keepOutput: true));
        executor.Start(default);
        var result = executor.Run(4, NullTaskSink.Instance, default);

        var input = (double[])workload.CreateInput(1)!;
        Assert.All(result.Records, r =>
        {
            Assert.Equal(TaskState.Completed, r.Status);
            Assert.Equal(0, r.BytesIn);
            Assert.Equal(0, r.BytesOut);
            Assert.True(r.TransferIn > 0 && r.TransferOut > 0, "the hand-over through the socket still takes time");
            Assert.Equal(input.Select(x => x * 2), (double[])r.Output!);
        });
    }

    [Fact]
    public void A_copying_pool_moves_its_payload_through_the_socket_and_makes_no_maps()
    {
        using var workload = TestWorkloads.Prepared("Transfer", 1, 1);
        using var executor = new ProcessExecutor(1, 1, workload, TestWorkloads.Options());
        executor.Start(default);

        var record = Assert.Single(executor.Run(1, NullTaskSink.Instance, default).Records);

        Assert.Equal(TaskState.Completed, record.Status);
        Assert.True(record.BytesIn > 0 && record.BytesOut > 0, "a copied argument and result cross the socket");
        Assert.Null(executor.MapFolder);
    }

    [Fact]
    public void Every_slot_of_every_worker_gets_its_own_maps_in_one_private_folder_removed_with_the_pool()
    {
        string folder;
        // Enough tasks that every slot takes some, however late its thread starts (with 8, one slot once took none).
        using (var workload = TestWorkloads.Prepared("Transfer", 50, 64))
        using (var executor = new ProcessExecutor(2, 2, workload, SharedMemory(keepOutput: true)))
        {
            executor.Start(default);
            folder = executor.MapFolder!;
            Assert.Equal(["s1.in", "s1.out", "s2.in", "s2.out", "s3.in", "s3.out", "s4.in", "s4.out"],
                Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            var records = executor.Run(64, NullTaskSink.Instance, default).Records;
            var expected = ((double[])workload.CreateInput(1)!).Select(x => x * 2).ToArray();
            Assert.All(records, r => Assert.Equal(expected, (double[])r.Output!));
            Assert.Equal(4, records.Select(r => (r.ProcessId, r.ThreadId)).Distinct().Count());
        }
        Assert.False(Directory.Exists(folder), $"{folder} outlived its pool");
    }

    [Fact]
    public void A_worker_killed_mid_run_is_replaced_and_maps_the_same_files_which_go_when_the_pool_ends()
    {
        string folder;
        using (var workload = TestWorkloads.Prepared("Transfer", 10_000, 12))
        using (var executor = new ProcessExecutor(2, 1, workload, SharedMemory()))
        {
            executor.Start(default);
            folder = executor.MapFolder!;
            var victim = executor.WorkerProcessIds[0];
            var killer = TestWorkloads.KillAfter(victim, 100);
            var first = executor.Run(12, NullTaskSink.Instance, default);
            killer.Join();

            Assert.Contains(first.Records, r => r.Status == TaskState.Failed && r.Error!.Contains("signal 9"));
            Assert.DoesNotContain(victim, executor.WorkerProcessIds);
            var next = executor.Run(4, NullTaskSink.Instance, default);
            Assert.All(next.Records, r => Assert.Equal(TaskState.Completed, r.Status));
            Assert.True(Directory.Exists(folder));
        }
        Assert.False(Directory.Exists(folder), $"{folder} outlived its pool");
    }

    [Fact]
    public void Stopping_a_run_kills_the_workers_and_disposing_removes_the_maps()
    {
        string folder;
        using (var workload = TestWorkloads.Prepared("Transfer", 10_000, 200))
        using (var executor = new ProcessExecutor(2, 1, workload, SharedMemory()))
        using (var stop = new CancellationTokenSource())
        {
            executor.Start(default);
            folder = executor.MapFolder!;
            var bound = TimeSpan.FromMilliseconds(300) + StopBound.Measure();
            stop.CancelAfter(300);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var run = executor.Run(200, NullTaskSink.Instance, stop.Token);
            Assert.True(watch.Elapsed < bound, $"the stop took {watch.Elapsed.TotalSeconds:0.00} s (bound {bound.TotalSeconds:0.00} s)");
            Assert.Contains(run.Records, r => r.Status == TaskState.Cancelled);
        }
        Assert.False(Directory.Exists(folder), $"{folder} outlived its pool");
    }

    [Fact]
    public void A_workload_without_a_numeric_payload_is_refused_before_any_worker_starts()
    {
        using var workload = TestWorkloads.Prepared("Loop", 10, 1);
        using var executor = new ProcessExecutor(1, 1, workload, TestWorkloads.Options() with { TransferMode = TransferMode.SharedMemory });

        var refusal = Assert.Throws<InvalidOperationException>(() => executor.Start(default));

        Assert.Contains("cannot use -TransferMode SharedMemory", refusal.Message);
        Assert.Empty(executor.WorkerProcessIds);
    }

    [Fact]
    public void The_worker_computes_span_to_span_the_same_doubling_as_on_arrays()
    {
        using var workload = (TransferWorkload)TestWorkloads.Prepared("Transfer", 1, 1);
        var input = (double[])workload.CreateInput(1)!;
        var output = new double[input.Length + 5];

        var written = workload.Execute(1, input, output.AsSpan(), CancellationToken.None);

        Assert.Equal(input.Length, written);
        Assert.Equal((double[])workload.Execute(1, (object)input, null, CancellationToken.None)!, output[..written]);
    }
}
