using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>Remote: the verdict names what crossing remoting cost, serialisation or round trips, with the figures.</summary>
public class RemoteCrossingVerdictTests
{
    private static readonly StrategyFacts Baseline = new() { Strategy = Strategy.Sequential, Tasks = 8, Cores = 2, CoresPerTask = 1, Speedup = 1 };

    private static StrategyFacts Remote(double send, double back, double compute, double bytes, double speedup = 0.5) => new()
    {
        Strategy = Strategy.Remote,
        Workers = 4,
        Tasks = 8,
        Cores = 2,
        SendMean = send,
        ReturnMean = back,
        ComputeMean = compute,
        TransferShare = (send + back) / (send + back + compute),
        BytesMoved = (long)(bytes * 8), // over the 8 tasks
        Speedup = speedup,
    };

    [Fact]
    public void Small_tasks_with_little_data_are_told_the_round_trip_dominates()
    {
        var verdict = VerdictRules.Explain(Remote(0.004, 0.003, 0.001, 600), Baseline);

        Assert.Equal("round trips dominate: 7.0 ms per task to the host and back (88 % of task time), the task itself 1.0 ms; give each task more work", verdict);
    }

    [Fact]
    public void Tasks_returning_megabytes_are_told_serialisation_dominates_with_the_bytes()
    {
        var verdict = VerdictRules.Explain(Remote(0.004, 1.9, 0.05, 8 * 1024 * 1024 * 3.0), Baseline);

        Assert.StartsWith("serialisation dominates: 1.90 s per task moving 24.0 MB of CLIXML through remoting (97 % of task time)", verdict);
    }

    [Fact]
    public void Tasks_that_mostly_compute_there_are_left_to_the_other_rules()
    {
        Assert.Null(new RemoteCrossingVerdict().Explain(Remote(0.004, 0.003, 0.5, 600), Baseline));
    }

    [Fact]
    public void Speaks_of_remote_runs_only_never_of_worker_processes_copying()
    {
        var processes = Remote(0.1, 0.1, 0.1, 1e6) with { Strategy = Strategy.Processes };

        Assert.Null(new RemoteCrossingVerdict().Explain(processes, Baseline));
        Assert.StartsWith("copying dominates", VerdictRules.Explain(processes, Baseline));
    }

    [Fact]
    public void A_remote_run_that_scales_is_told_so_first()
    {
        Assert.StartsWith("scales", VerdictRules.Explain(Remote(0.004, 0.004, 0.004, 600, speedup: 1.9), Baseline));
    }
}
