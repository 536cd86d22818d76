using ParallelCmdlets.Measurement;
using static ParallelCmdlets.Tests.Measurement.SyntheticRuns;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>"Copying dominates" needs bytes that moved; otherwise the time is the hand-off, a per-task overhead.</summary>
public class CopyingVerdictTests
{
    private static MeasuredStrategy Baseline() => Measured(Strategy.Sequential, Around(4), 1, workers: 1);

    /// <summary>Processes whose four tasks of 2 s each spent 1.82 s of it between the processes.</summary>
    private static MeasuredStrategy Processes(long bytesPerTask, TransferMode mode = TransferMode.Copy, bool numeric = false) =>
        Measured(Strategy.Processes, Around(5), 2, transfer: 1.82, bytesIn: bytesPerTask / 2, bytesOut: bytesPerTask / 2, transferMode: mode)
            with { NumericPayload = numeric };

    [Fact]
    public void Time_between_processes_with_no_bytes_moved_is_called_per_task_overhead_not_copying()
    {
        // Loop under Processes: a task's argument and result are empty, yet the hand-off took most of each short task.
        var row = Analyze(Baseline(), Processes(0)).Row(Strategy.Processes);

        Assert.Equal(0, row.BytesMoved);
        Assert.Equal("per-task overhead: 91 % of time went to handing tasks over and back, with no data to move", row.Verdict);
    }

    [Fact]
    public void A_few_hundred_bytes_per_task_are_too_few_to_be_the_cause()
    {
        var row = Analyze(Baseline(), Processes(150)).Row(Strategy.Processes);

        Assert.Equal("per-task overhead: 91 % of time went to handing tasks over and back, with only 150 B per task to move", row.Verdict);
    }

    [Fact]
    public void Copying_a_numeric_payload_names_shared_memory_as_the_thing_to_try()
    {
        var row = Analyze(Baseline(), Processes(160_000_000, numeric: true)).Row(Strategy.Processes);

        Assert.Equal("copying dominates: 91 % of time moved data; try -TransferMode SharedMemory", row.Verdict);
    }

    [Fact]
    public void Copying_a_payload_shared_memory_cannot_carry_suggests_nothing()
    {
        var row = Analyze(Baseline(), Processes(160_000_000, numeric: false)).Row(Strategy.Processes);

        Assert.Equal("copying dominates: 91 % of time moved data", row.Verdict);
    }

    [Fact]
    public void Shared_memory_says_its_time_went_copying_into_the_map_with_no_bytes_through_the_socket()
    {
        var row = Analyze(Baseline(), Processes(0, TransferMode.SharedMemory, numeric: true)).Row(Strategy.Processes);

        Assert.Equal("copying dominates: 91 % of time copied data into shared memory and handed it over, no bytes through the socket", row.Verdict);
    }

    [Fact]
    public void The_threshold_is_per_task_so_many_small_tasks_do_not_add_up_to_copying()
    {
        var facts = new StrategyFacts { Strategy = Strategy.Processes, Tasks = 1000, TransferShare = 0.5, BytesMoved = 1000 * (Thresholds.CopyingBytesPerTask - 1) };

        Assert.Null(new CopyingVerdict().Explain(facts, null));
        Assert.StartsWith("per-task overhead", new HandOffVerdict().Explain(facts, null)?.Sentence);
        Assert.StartsWith("copying dominates", new CopyingVerdict().Explain(facts with { BytesMoved = 1000 * Thresholds.CopyingBytesPerTask }, null)?.Sentence);
    }
}

/// <summary>Processes measured once per transfer mode: two rows told apart, against the same baseline.</summary>
public class TransferModeComparisonTests
{
    [Fact]
    public void Each_transfer_mode_is_its_own_row_with_its_mode_and_a_speedup_against_the_one_baseline()
    {
        var results = Analyze(
            Measured(Strategy.Sequential, Around(4), 1, workers: 1),
            Measured(Strategy.Processes, Around(8), 2, transfer: 1.5, bytesIn: 80_000_000, bytesOut: 80_000_000),
            Measured(Strategy.Processes, Around(2), 1, transfer: 0.1, bytesIn: 0, bytesOut: 0, transferMode: TransferMode.SharedMemory));

        var copy = results.Single(r => r.Strategy == Strategy.Processes && r.TransferMode == TransferMode.Copy);
        var shared = results.Single(r => r.TransferMode == TransferMode.SharedMemory);
        Assert.Equal(0.5, copy.Speedup!.Value, 2);
        Assert.Equal(2.0, shared.Speedup!.Value, 2);
        Assert.Equal(0, shared.BytesMoved);
        Assert.Equal(4 * 160_000_000L, copy.BytesMoved);
        Assert.Equal(TransferMode.Copy, results.Row(Strategy.Sequential).TransferMode);
        Assert.Equal("Test Processes (SharedMemory): 2 s", shared.ToString());
    }

    [Fact]
    public void A_tie_names_the_processes_row_by_its_transfer_mode()
    {
        var results = Analyze(
            Measured(Strategy.Sequential, Around(4), 1, workers: 1),
            Measured(Strategy.Threads, Around(2), 1),
            Measured(Strategy.Processes, Around(2), 1, transferMode: TransferMode.SharedMemory),
            Measured(Strategy.Processes, Around(8), 2));

        Assert.Equal("Processes (SharedMemory)", results.Row(Strategy.Threads).TiedWith);
        Assert.Equal("Threads", results.Single(r => r.TransferMode == TransferMode.SharedMemory).TiedWith);
    }
}
