using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>One CPU clock read per task at most, shared by tasks too short to be worth one: driven by a fake clock.</summary>
public class TaskCpuMeterTests
{
    private sealed class ManualClock : IClock
    {
        public long Now { get; set; }
        public long GetTimestamp() => Now;
        public double Frequency => 1e6; // microseconds
    }

    private static TaskRecord Record(int id, double cpu) => new() { TaskId = id, CpuSeconds = cpu };

    private static TaskCpuMeter.FinishedTask Task(int id) => new(id, 0, 0, TaskState.Completed, null, null);

    [Fact]
    public void A_task_longer_than_the_sample_interval_is_handed_on_at_once_with_its_own_reading()
    {
        var clock = new ManualClock();
        var emitted = new List<TaskRecord>();
        var meter = new TaskCpuMeter(clock, (task, cpu) => Record(task.TaskId, cpu), emitted.Add);

        clock.Now = 200; // 200 µs later
        TestWorkloads.Spin(TimeSpan.FromMilliseconds(20));
        meter.Finished(clock.Now, 200e-6, Task(1));

        var record = Assert.Single(emitted);
        // The spin lasts 20 ms of wall time, of which a busy machine may give this thread only part; the fake
        // clock says 0.2 ms. 2 ms is ten times either side: a real thread-clock reading, not the clock's.
        Assert.True(record.CpuSeconds >= 0.002, $"a 20 ms spin read as {record.CpuSeconds * 1000:0.0} ms of CPU");
    }

    [Fact]
    public void Short_tasks_wait_for_one_shared_reading_split_by_their_wall_times()
    {
        var clock = new ManualClock();
        var emitted = new List<TaskRecord>();
        var meter = new TaskCpuMeter(clock, (task, cpu) => Record(task.TaskId, cpu), emitted.Add);

        clock.Now = 10;
        meter.Finished(clock.Now, 10e-6, Task(1));
        clock.Now = 40;
        meter.Finished(clock.Now, 30e-6, Task(2));
        Assert.Empty(emitted); // 40 µs: not yet worth a read

        TestWorkloads.Spin(TimeSpan.FromMilliseconds(20));
        clock.Now = 60;
        meter.Finished(clock.Now, 20e-6, Task(3));

        Assert.Equal([1, 2, 3], emitted.Select(r => r.TaskId));
        var total = emitted.Sum(r => r.CpuSeconds);
        Assert.Equal(total * 10 / 60, emitted[0].CpuSeconds, 12);
        Assert.Equal(total * 30 / 60, emitted[1].CpuSeconds, 12);
        Assert.Equal(total * 20 / 60, emitted[2].CpuSeconds, 12);
    }

    [Fact]
    public void Flush_hands_on_whatever_is_still_waiting()
    {
        var clock = new ManualClock();
        var emitted = new List<TaskRecord>();
        var meter = new TaskCpuMeter(clock, (task, cpu) => Record(task.TaskId, cpu), emitted.Add);
        clock.Now = 5;
        meter.Finished(clock.Now, 5e-6, Task(7));

        meter.Flush();
        meter.Flush();

        Assert.Equal(7, Assert.Single(emitted).TaskId);
    }
}
