using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>From counters read around a run to its CPU, GC and the machine's other load: numbers chosen by hand.</summary>
public class RunAccountingTests
{
    private static ExecutedRun Run(double seconds) => new()
    {
        Records = [new TaskRecord { TaskId = 1, Start = 0, End = seconds, Status = TaskState.Completed }],
        ServingCpuSeconds = seconds,
    };

    private static RunIdentity Asked(Strategy strategy, int workers) =>
        new() { Workload = "Test", Strategy = strategy, Workers = workers, ThreadsPerWorker = 1, Tasks = 1, Round = 1, RunId = "r" };

    private static UsageSnapshot Snapshot(double ownCpu, double machineBusy, params ProcessUsage[] workers) =>
        new(ownCpu, TimeSpan.Zero, new Dictionary<int, double>(), workers, new MachineCpu(machineBusy, machineBusy * 2));

    [Fact]
    public void Other_processes_load_is_the_machines_busy_time_less_this_experiments_own()
    {
        var before = Snapshot(ownCpu: 10, machineBusy: 100, new ProcessUsage(7, 5, TimeSpan.Zero, 0, TimeSpan.Zero));
        var after = Snapshot(ownCpu: 10.2, machineBusy: 102.0, new ProcessUsage(7, 5.8, TimeSpan.Zero, 0, TimeSpan.Zero));

        var result = RunAccounting.Account(Run(1.0), Asked(Strategy.Processes, 1), 0, before, after, "", cores: 2);

        // 2.0 s of the machine's 2 cores were busy: 0.2 s this process, 0.8 s the worker, 1.0 s somebody else.
        Assert.Equal(0.5, result.OtherLoad!.Value, 9);
    }

    [Fact]
    public void A_run_too_short_for_the_machines_10_ms_ticks_has_no_other_load()
    {
        var before = Snapshot(ownCpu: 10, machineBusy: 100);
        var after = Snapshot(ownCpu: 10.004, machineBusy: 100.02);

        var result = RunAccounting.Account(Run(0.005), Asked(Strategy.Threads, 2), 0, before, after, "", cores: 2);

        Assert.Null(result.OtherLoad);
    }

    [Fact]
    public void A_remote_run_counts_its_hosts_cores_and_judges_neither_this_machines_load_nor_its_collections()
    {
        var before = Snapshot(ownCpu: 10, machineBusy: 100) with { ThisProcessGcPause = TimeSpan.FromSeconds(1) };
        var after = Snapshot(ownCpu: 10.2, machineBusy: 102.0) with { ThisProcessGcPause = TimeSpan.FromSeconds(1.5) };

        var result = RunAccounting.Account(new ExecutedRun { Records = Run(1.0).Records, Cores = 16 }, Asked(Strategy.Remote, 8), 0, before, after, "", cores: 2);

        Assert.Equal(16, result.Cores);
        Assert.Null(result.OtherLoad);
        Assert.Equal(0, result.GcPauseSeconds);
    }

    [Fact]
    public void Compile_time_is_this_processes_and_every_workers_over_the_run_a_replacement_from_when_it_was_ready()
    {
        static TimeSpan ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
        var before = Snapshot(ownCpu: 10, machineBusy: 100, new ProcessUsage(7, 5, TimeSpan.Zero, 0, TimeSpan.Zero) { JitTime = ms(900) })
            with { ThisProcessJitTime = ms(2000) };
        var after = Snapshot(ownCpu: 10.1, machineBusy: 100.5,
                new ProcessUsage(7, 5.1, TimeSpan.Zero, 0, TimeSpan.Zero) { JitTime = ms(904) },
                new ProcessUsage(8, 3.0, TimeSpan.Zero, 2.9, TimeSpan.Zero) { JitTime = ms(703), ReadyJitTime = ms(700) })
            with { ThisProcessJitTime = ms(2001) };

        var result = RunAccounting.Account(Run(0.1), Asked(Strategy.Processes, 2), 0, before, after, "", cores: 2);

        // 1 ms here, 4 ms in worker 7, 3 ms in worker 8 since it was ready: 8 ms of the run's 200 ms of cores.
        Assert.Equal(0.008, result.JitSeconds, 9);
        Assert.Equal(0.04, result.CompileShare, 9);
    }
}
