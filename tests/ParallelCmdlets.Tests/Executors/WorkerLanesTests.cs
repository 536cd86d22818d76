using ParallelCmdlets.Executors;

namespace ParallelCmdlets.Tests.Executors;

public class WorkerLanesTests
{
    [Fact]
    public void Tasks_one_after_another_share_the_first_lane()
    {
        var lanes = new WorkerLanes(2);

        Assert.Equal([1, 1, 1], new[] { lanes.Take(0, 10), lanes.Take(10, 20), lanes.Take(25, 30) });
    }

    [Fact]
    public void Tasks_running_at_once_take_a_lane_each_up_to_the_workers()
    {
        var lanes = new WorkerLanes(2);

        Assert.Equal([1, 2, 1, 2], new[] { lanes.Take(0, 10), lanes.Take(1, 12), lanes.Take(10, 20), lanes.Take(12, 22) });
    }

    [Fact]
    public void A_task_arriving_out_of_order_with_every_lane_busy_takes_the_lane_that_frees_first()
    {
        var lanes = new WorkerLanes(2);
        lanes.Take(0, 30);
        lanes.Take(0, 10);

        Assert.Equal(2, lanes.Take(5, 15));
    }
}
