using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Executors;

public class RunStateTests
{
    [Fact]
    public void Tasks_are_taken_in_order_once_each_then_the_queue_is_empty()
    {
        var run = new RunState(3, MonotonicClock.Instance);

        Assert.Equal([1, 2, 3, 0, 0], Enumerable.Range(0, 5).Select(_ => run.TakeNext()));
    }

    [Fact]
    public void A_returned_task_is_taken_again_before_the_next_in_order()
    {
        var run = new RunState(4, MonotonicClock.Instance);
        run.TakeNext();
        run.TakeNext();

        run.Return(2);

        Assert.Equal([2, 3, 4, 0], Enumerable.Range(0, 4).Select(_ => run.TakeNext()));
    }

    [Fact]
    public void A_task_returned_after_a_stop_is_not_taken_again_and_is_reported_as_never_started()
    {
        var run = new RunState(2, MonotonicClock.Instance);
        run.TakeNext();
        run.EmptyQueue();

        run.Return(1);

        Assert.Equal(0, run.TakeNext());
        var record = run.Finish()[0];
        Assert.Equal(TaskState.Cancelled, record.Status);
        Assert.Contains("before this task started", record.Error);
    }
}
