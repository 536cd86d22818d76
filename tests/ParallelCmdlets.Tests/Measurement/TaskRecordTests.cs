using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

public class TaskRecordTests
{
    [Theory]
    [InlineData(Strategy.Threads, 0.0, 0.4, 0.4)]
    [InlineData(Strategy.Processes, 0.0, 0.4, 0.4)]
    [InlineData(Strategy.RunspacePool, 0.1, 0.4, 0.3)]
    [InlineData(Strategy.Job, 0.25, 1.0, 0.75)]
    public void QueueWait_is_the_time_from_being_handed_over_to_starting_for_every_strategy(Strategy strategy, double submitted, double start, double queueWait)
    {
        var record = new TaskRecord { Strategy = strategy, Submitted = submitted, Start = start, End = start + 0.5 };
        Assert.Equal(queueWait, record.QueueWait, 12);
    }

    [Fact]
    public void QueueWait_is_never_negative_when_a_task_stamps_its_start_before_the_driver_stamps_the_hand_over()
    {
        // A task may begin on another thread before the driver's own stamp of handing it over is taken.
        Assert.Equal(0, new TaskRecord { Strategy = Strategy.ThreadJob, Submitted = 0.5, Start = 0.4999, End = 0.6 }.QueueWait);
    }
}
