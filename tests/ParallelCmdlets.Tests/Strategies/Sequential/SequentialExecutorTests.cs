using ParallelCmdlets.Executors;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Executors;

public class SequentialExecutorTests
{
    [Fact]
    public void Runs_every_task_once_in_order_on_one_thread()
    {
        using var workload = new SpinWorkload(new WorkloadSpec("Spin", 2, 5));
        using var executor = new SequentialExecutor(workload, TestWorkloads.Options());
        executor.Start(default);
        var result = executor.Run(5, NullTaskSink.Instance, default);

        Assert.Equal([1, 2, 3, 4, 5], result.Records.Select(r => r.TaskId));
        Assert.Single(result.Records.Select(r => r.ThreadId).Distinct());
        Assert.All(result.Records, r => Assert.Equal(1, r.WorkerId));
        for (var i = 1; i < result.Records.Count; i++) Assert.True(result.Records[i].Start >= result.Records[i - 1].End);
    }

    [Fact]
    public void Reports_no_startup_and_no_transfer()
    {
        using var workload = new SpinWorkload(new WorkloadSpec("Spin", 1, 3));
        using var executor = new SequentialExecutor(workload, TestWorkloads.Options());
        executor.Start(default);
        var result = executor.Run(3, NullTaskSink.Instance, default);

        Assert.Equal(0, executor.StartupSeconds);
        Assert.All(result.Records, r => Assert.Equal(0, r.TransferIn + r.TransferOut + r.BytesIn + r.BytesOut));
    }

    [Fact]
    public void A_throwing_task_fails_alone_with_its_message()
    {
        using var workload = new ThrowingWorkload(new WorkloadSpec("Throw", 2, 3));
        using var executor = new SequentialExecutor(workload, TestWorkloads.Options());
        executor.Start(default);
        var result = executor.Run(3, NullTaskSink.Instance, default);

        Assert.Equal([TaskState.Completed, TaskState.Failed, TaskState.Completed], result.Records.Select(r => r.Status));
        Assert.Equal("task 2 broke", result.Records[1].Error);
    }
}
