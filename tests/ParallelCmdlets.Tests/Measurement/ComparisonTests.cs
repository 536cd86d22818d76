using ParallelCmdlets.Measurement;
using static ParallelCmdlets.Tests.Measurement.SyntheticRuns;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>From all strategies' runs to what users see: one pure function, tested on hand-made runs.</summary>
public class ComparisonTests
{
    private static MeasuredStrategy Baseline(double elapsed = 4, double task = 1, double cpuPerTask = 1, double gcShare = 0, double? otherLoad = 0) =>
        Measured(ParallelCmdlets.Strategy.Sequential, Around(elapsed), task, cpuPerTask: cpuPerTask, gcShare: gcShare, otherLoad: otherLoad);

    [Fact]
    public void Keeps_every_run_headlines_their_mean_and_shows_the_run_nearest_it()
    {
        var threads = Measured(ParallelCmdlets.Strategy.Threads, [2.4, 2.0, 2.25, 2.6], 1);
        var row = Analyze(Baseline(), threads).Row(ParallelCmdlets.Strategy.Threads);

        Assert.Equal(4, row.Runs.Count);
        Assert.Equal(2.3125, row.Elapsed, 12);
        Assert.StartsWith("run 3 of 4", row.TimelineRun);
        Assert.Equal(threads.Runs[2].RunId, row.RunId);
        Assert.All(row.GetTaskRecords(), r => Assert.Equal(threads.Runs[2].RunId, r.RunId));
    }

    [Fact]
    public void Sequential_is_the_baseline_with_a_speedup_of_exactly_one()
    {
        var row = Analyze(Baseline(), Measured(ParallelCmdlets.Strategy.Threads, Around(2), 1)).Row(ParallelCmdlets.Strategy.Sequential);

        Assert.Equal(1, row.Speedup);
        Assert.Equal(1, row.SpeedupLow);
        Assert.Equal(1, row.SpeedupHigh);
        Assert.StartsWith("baseline", row.Verdict);
    }

    [Fact]
    public void A_speedup_comes_with_its_interval_at_the_stated_confidence()
    {
        var row = Analyze(Baseline(), Measured(ParallelCmdlets.Strategy.Threads, Around(2, 0.03), 1)).Row(ParallelCmdlets.Strategy.Threads);

        Assert.Equal(2, row.Speedup!.Value, 9);
        Assert.InRange(row.SpeedupLow!.Value, 1.7, 2.0);
        Assert.InRange(row.SpeedupHigh!.Value, 2.0, 2.3);
        Assert.Equal(0.95, row.ConfidenceLevel);
    }

    [Fact]
    public void Names_the_fastest_only_when_it_beats_every_other_significantly()
    {
        var results = Analyze(Baseline(), Measured(ParallelCmdlets.Strategy.Threads, Around(8.5), 4.2), Measured(ParallelCmdlets.Strategy.Processes, Around(2.2), 1.1));

        Assert.True(results.Row(ParallelCmdlets.Strategy.Processes).Fastest);
        Assert.All(results, r => Assert.False(r.Tie));
        Assert.Single(results, r => r.Fastest);
    }

    [Fact]
    public void Strategies_within_noise_of_the_best_are_a_tie_and_none_is_fastest()
    {
        var results = Analyze(Baseline(8, 0.5, cpuPerTask: 0.01), Measured(ParallelCmdlets.Strategy.Threads, Around(4.0), 0.5, cpuPerTask: 0.01),
            Measured(ParallelCmdlets.Strategy.Processes, Around(4.01), 0.5, cpuPerTask: 0.01));

        Assert.All(results, r => Assert.False(r.Fastest));
        Assert.True(results.Row(ParallelCmdlets.Strategy.Threads).Tie);
        Assert.Equal("Processes", results.Row(ParallelCmdlets.Strategy.Threads).TiedWith);
        Assert.EndsWith("tie with Processes", results.Row(ParallelCmdlets.Strategy.Threads).Verdict);
        Assert.False(results.Row(ParallelCmdlets.Strategy.Sequential).Tie);
    }

    [Fact]
    public void With_too_few_repeats_no_winner_is_named_and_a_warning_says_how_many_are_needed()
    {
        var results = Analyze(Measured(ParallelCmdlets.Strategy.Sequential, [4.0, 4.1, 3.9], 1), Measured(ParallelCmdlets.Strategy.Threads, [2.0, 2.1, 1.9], 0.5));

        Assert.All(results, r => Assert.False(r.Fastest || r.Tie));
        Assert.All(results, r => Assert.Contains("use -Repeat 4 or more", r.Warnings));
    }

    [Fact]
    public void The_median_stands_beside_the_mean_as_a_run_that_happened_and_the_mean_has_its_interval()
    {
        var row = Analyze(Measured(ParallelCmdlets.Strategy.Threads, [1.0, 3.0, 2.0, 4.0], 1)).Single();

        Assert.Equal(2.5, row.Elapsed, 12);
        Assert.Contains(row.Runs, r => r.Elapsed == row.Median);
        Assert.Equal(2.0, row.Median);
        Assert.True(row.ElapsedLow < 2.5 && row.ElapsedHigh > 2.5);
        Assert.Equal((row.ElapsedHigh!.Value - row.ElapsedLow!.Value) / 2 / 2.5, row.Precision, 9);
    }

    [Fact]
    public void Failed_tasks_are_counted_over_every_repeat_even_outside_the_median_run()
    {
        var threads = Measured(ParallelCmdlets.Strategy.Threads, [9.0, 2.0, 2.1, 1.9, 2.05], 0.5, failedInFirst: 2);
        var results = Analyze(Baseline(), threads);
        var row = results.Row(ParallelCmdlets.Strategy.Threads);

        Assert.Equal(2, row.FailedTasks);
        Assert.StartsWith("2 of 20 tasks did not complete", row.Verdict);
        Assert.Contains("2 of 20 tasks failed or were cancelled over 5 run(s)", row.Warnings);
        Assert.False(row.Fastest);
        Assert.True(results.Row(ParallelCmdlets.Strategy.Sequential).Fastest);
    }

    [Fact]
    public void A_result_with_failed_tasks_has_no_speedup_and_its_verdict_says_why()
    {
        var results = Analyze(Baseline(), Measured(ParallelCmdlets.Strategy.Threads, Around(2.0), 0.5, failedInFirst: 4));
        var row = results.Row(ParallelCmdlets.Strategy.Threads);

        Assert.Null(row.Speedup);
        Assert.Null(row.SpeedupLow);
        Assert.Null(row.SpeedupHigh);
        Assert.False(row.Fastest || row.Tie);
        Assert.Equal("4 of 20 tasks did not complete; no speedup or fastest for a time with failed tasks: see errors", row.Verdict);
        Assert.Equal(1, results.Row(ParallelCmdlets.Strategy.Sequential).Speedup);
    }

    [Fact]
    public void A_strategy_stopped_after_a_run_whose_every_task_failed_says_so_in_its_verdict()
    {
        var stopped = Measured(ParallelCmdlets.Strategy.Threads, [2.0], 0.5, failedInFirst: 4) with { StoppedAfterFailure = true };
        var row = Analyze(Baseline(), stopped).Row(ParallelCmdlets.Strategy.Threads);

        Assert.Null(row.Speedup);
        Assert.StartsWith("4 of 4 tasks did not complete, every task of a run failed, so its other repeats were not run", row.Verdict);
    }

    [Fact]
    public void When_the_baseline_has_failed_tasks_no_strategy_gets_a_speedup_and_the_verdict_says_why()
    {
        var baseline = Measured(ParallelCmdlets.Strategy.Sequential, Around(4), 1, failedInFirst: 1);
        var results = Analyze(baseline, Measured(ParallelCmdlets.Strategy.Threads, Around(2.0), 1));

        Assert.All(results, r => Assert.Null(r.Speedup));
        Assert.Equal("no speedup: 1 task of the Sequential baseline did not complete, so its time does not stand for the work",
            results.Row(ParallelCmdlets.Strategy.Threads).Verdict);
    }

    [Fact]
    public void More_workers_than_cores_that_reach_most_of_the_cores_speedup_scale_rather_than_contend()
    {
        // The README's first example: 3 workers on 2 cores, each task 1.5x slower than alone, 1.86x overall.
        var results = Analyze(Baseline(4.66, 0.29), Measured(ParallelCmdlets.Strategy.Threads, Around(2.5), 0.44, workers: 3));
        var row = results.Row(ParallelCmdlets.Strategy.Threads);

        Assert.Equal("scales: 1.9× of the 2.0× that 2 cores allow, 3 workers share them", row.Verdict);
        Assert.DoesNotContain(row.Conclusions, c => c.Id == ConclusionId.Contention);
    }

    [Fact]
    public void Tasks_slowed_beyond_what_sharing_the_cores_explains_contend()
    {
        var row = Analyze(Baseline(), Measured(ParallelCmdlets.Strategy.Threads, Around(4.4), 2.9)).Row(ParallelCmdlets.Strategy.Threads);

        Assert.Equal("tasks contend: each 2.9× slower than alone", row.Verdict);
        Assert.Equal(2.9, row.TaskInflation!.Value, 9);
    }

    [Fact]
    public void Oversubscribed_tasks_contend_only_beyond_the_stretch_sharing_explains()
    {
        // 4 workers on 2 cores stretch each task 2x by time-sharing; 3.5x is more than that.
        var row = Analyze(Baseline(), Measured(ParallelCmdlets.Strategy.Threads, Around(3.6), 3.5, workers: 4)).Row(ParallelCmdlets.Strategy.Threads);

        Assert.Equal("tasks contend: each 3.5× slower than alone, 2.0× expected from sharing 2 cores", row.Verdict);
    }

    [Fact]
    public void Time_spent_moving_data_is_called_copying()
    {
        var row = Analyze(Baseline(), Measured(ParallelCmdlets.Strategy.Processes, Around(5), 2, transfer: 1.82, bytesIn: 80_000_000, bytesOut: 80_000_000))
            .Row(ParallelCmdlets.Strategy.Processes);

        Assert.Equal("copying dominates: 91 % of time moved data", row.Verdict);
    }

    [Fact]
    public void A_busy_sequential_run_means_the_cores_were_already_busy()
    {
        var row = Analyze(Baseline(4, 1, cpuPerTask: 1.96), Measured(ParallelCmdlets.Strategy.Threads, Around(3.9), 1.9, cpuPerTask: 1.0)).Row(ParallelCmdlets.Strategy.Threads);

        Assert.StartsWith("cores already busy: sequential CPU use 98 %", row.Verdict);
    }

    [Fact]
    public void Tasks_stopped_by_the_garbage_collector_are_called_that_rather_than_contention()
    {
        var row = Analyze(Baseline(gcShare: 0.2), Measured(ParallelCmdlets.Strategy.Threads, Around(2.8), 1.4, gcShare: 0.32)).Row(ParallelCmdlets.Strategy.Threads);

        Assert.Equal("GC stopped the tasks 32 % of the time", row.Verdict);
    }

    [Fact]
    public void Threads_stopped_by_the_garbage_collector_are_told_how_to_measure_them_under_server_GC()
    {
        var row = Analyze(Baseline(gcShare: 0.2), Measured(ParallelCmdlets.Strategy.Threads, Around(2.8), 1.4, gcShare: 0.32)).Row(ParallelCmdlets.Strategy.Threads);

        Assert.Contains("-Strategy Processes -Workers 1 -ThreadsPerWorker 2 -GcMode Server", row.Warnings);
    }

    [Fact]
    public void Garbage_collection_is_not_blamed_when_the_strategy_scales()
    {
        var row = Analyze(Baseline(gcShare: 0.2), Measured(ParallelCmdlets.Strategy.Processes, Around(2.1), 1.05, gcShare: 0.2)).Row(ParallelCmdlets.Strategy.Processes);

        Assert.Equal("scales: 1.9× of the 2.0× that 2 workers allow", row.Verdict);
    }

    [Fact]
    public void Other_processes_taking_the_cores_are_named_when_the_strategy_does_not_scale()
    {
        var row = Analyze(Baseline(), Measured(ParallelCmdlets.Strategy.Threads, Around(3.6), 1.7, otherLoad: 0.45)).Row(ParallelCmdlets.Strategy.Threads);

        Assert.Equal("machine busy with other work: other processes used 45 % of the cores", row.Verdict);
        Assert.Contains("machine busy: other processes used 45 % of the cores", row.Warnings);
    }

    [Fact]
    public void Waiting_tasks_are_bound_by_the_workers_not_the_cores()
    {
        var row = Analyze(Baseline(8, 0.5, cpuPerTask: 0.01), Measured(ParallelCmdlets.Strategy.Threads, Around(2.0), 0.5, workers: 4, cpuPerTask: 0.01))
            .Row(ParallelCmdlets.Strategy.Threads);

        Assert.Equal("waiting, not computing: 4.0× of the 4.0× that 4 workers allow", row.Verdict);
        Assert.DoesNotContain(row.Conclusions, c => c.Id == ConclusionId.Superlinear);
    }

    [Fact]
    public void A_speedup_beyond_what_the_workers_and_cores_allow_is_flagged_with_its_likely_cause()
    {
        // The docs' own picture: 2.80x with 2 workers, because the baseline's tasks ran 1.4x slower.
        var row = Analyze(Baseline(5.6, 1.4), Measured(ParallelCmdlets.Strategy.Threads, Around(2.0), 1.0)).Row(ParallelCmdlets.Strategy.Threads);

        Assert.StartsWith("superlinear: 2.80× is beyond the 2.0× that 2 workers on 2 cores allow", row.Verdict);
        Assert.Contains("speedup 2.80× is beyond the 2.0× that 2 workers on 2 cores allow: the baseline's tasks ran 1.4× slower than these (cache, memory or GC)", row.Warnings);
    }

    [Fact]
    public void A_speedup_within_five_percent_of_the_bound_is_not_superlinear()
    {
        var row = Analyze(Baseline(4.1, 1), Measured(ParallelCmdlets.Strategy.Threads, Around(2.0), 1.0)).Row(ParallelCmdlets.Strategy.Threads);

        Assert.DoesNotContain(row.Conclusions, c => c.Id == ConclusionId.Superlinear);
        Assert.StartsWith("scales", row.Verdict);
    }

    [Fact]
    public void A_speedup_beyond_the_bound_only_by_noise_is_not_called_superlinear()
    {
        // Median 2.2x, but the baseline's runs spread so widely that the interval reaches well below 2x.
        var row = Analyze(Measured(ParallelCmdlets.Strategy.Sequential, [4.4, 3.0, 5.8, 3.6, 5.0], 1), Measured(ParallelCmdlets.Strategy.Threads, Around(2.0), 1.0))
            .Row(ParallelCmdlets.Strategy.Threads);

        Assert.True(row.Speedup > 2.1 && row.SpeedupLow < 2.0, $"{row.Speedup} ({row.SpeedupLow}–{row.SpeedupHigh})");
        Assert.DoesNotContain(row.Conclusions, c => c.Id == ConclusionId.Superlinear);
    }

    [Fact]
    public void One_run_just_past_the_bound_is_not_called_superlinear_but_one_far_past_it_is()
    {
        // A single run of each has no interval: 1.05x with one worker is a baseline run that paid a collection.
        var close = Analyze(Measured(ParallelCmdlets.Strategy.Sequential, [4.2], 1, workers: 1), Measured(ParallelCmdlets.Strategy.Threads, [4.0], 1.0, workers: 1))
            .Row(ParallelCmdlets.Strategy.Threads);
        var far = Analyze(Measured(ParallelCmdlets.Strategy.Sequential, [8.0], 1, workers: 1), Measured(ParallelCmdlets.Strategy.Threads, [4.0], 1.0, workers: 1))
            .Row(ParallelCmdlets.Strategy.Threads);

        Assert.Null(close.SpeedupLow);
        Assert.DoesNotContain(close.Conclusions, c => c.Id == ConclusionId.Superlinear);
        Assert.Equal(ConclusionId.Superlinear, far.Conclusions[0].Id);
        Assert.StartsWith("superlinear: 2.00× is beyond the 1.0× that 1 worker", far.Verdict);
    }

    [Fact]
    public void Tasks_too_short_to_time_give_no_nested_parallelism_warning()
    {
        var row = Analyze(Baseline(0.0001, 0.000005, cpuPerTask: 3.5), Measured(ParallelCmdlets.Strategy.Threads, Around(0.00005), 0.000005, cpuPerTask: 3.5))
            .Row(ParallelCmdlets.Strategy.Threads);

        Assert.DoesNotContain(row.Conclusions, c => c.Id == ConclusionId.NestedParallelism);
        Assert.Contains("tasks too short to time well", row.Warnings);
    }

    [Fact]
    public void Tasks_that_are_themselves_parallel_warn_of_nested_parallelism_when_they_oversubscribe_the_cores()
    {
        var row = Analyze(Baseline(4, 1, cpuPerTask: 1.9), Measured(ParallelCmdlets.Strategy.Threads, Around(4.0), 2.0, cpuPerTask: 0.95 * 2))
            .Row(ParallelCmdlets.Strategy.Threads);

        Assert.Contains("nested parallelism: each task kept 1.9 cores busy and 2 ran at once, 3.8 cores wanted of 2", row.Warnings);
    }

    [Fact]
    public void Noisy_runs_short_tasks_and_outliers_are_warned_about()
    {
        var row = Analyze(Measured(ParallelCmdlets.Strategy.Threads, [0.010, 0.011, 0.009, 0.010, 0.030], 0.0002)).Single();

        Assert.Contains("noisy runs", row.Warnings);
        Assert.Contains("tasks too short to time well: 0.2 ms each on average", row.Warnings);
        Assert.Contains("1 outlier run(s) of 5", row.Warnings);
    }

    [Fact]
    public void A_strategy_under_another_garbage_collector_than_the_baseline_says_so()
    {
        var row = Analyze(Baseline(), Measured(ParallelCmdlets.Strategy.Processes, Around(2), 1, gcMode: "server, concurrent")).Row(ParallelCmdlets.Strategy.Processes);

        Assert.Contains("GC differs from the baseline's: server, concurrent here, workstation, non-concurrent for Sequential", row.Warnings);
    }

    [Fact]
    public void A_speedup_whose_interval_holds_one_is_no_gain_rather_than_overhead()
    {
        var row = Analyze(Baseline(), Measured(ParallelCmdlets.Strategy.Threads, [4.3, 3.7, 4.1, 3.9, 4.05], 1, workers: 1)).Row(ParallelCmdlets.Strategy.Threads);

        Assert.StartsWith("no gain: ", row.Verdict);
    }

    [Fact]
    public void Without_a_baseline_there_is_no_speedup_but_a_winner_can_still_be_named()
    {
        var results = Analyze(Measured(ParallelCmdlets.Strategy.Threads, Around(1), 0.5), Measured(ParallelCmdlets.Strategy.Processes, Around(2), 1));

        Assert.All(results, r => Assert.Null(r.Speedup));
        Assert.True(results.Row(ParallelCmdlets.Strategy.Threads).Fastest);
        Assert.Matches("^(computing|waiting|part waiting or contending|copying|GC stopped)", results.Row(ParallelCmdlets.Strategy.Processes).Verdict);
    }
}

public class VerdictRuleOrderTests
{
    [Fact]
    public void Rules_are_tried_in_their_declared_order()
    {
        Assert.Equal(
            ["FailedTasksVerdict", "BaselineVerdict", "NoBaselineVerdict", "WrappedFormVerdict", "SuperlinearVerdict", "ScalesVerdict", "ToolOverheadVerdict", "UnoptimizedScriptVerdict", "RemoteCrossingVerdict", "CopyingVerdict", "HandOffVerdict",
             "BusyMachineVerdict", "CoresAlreadyBusyVerdict", "GcPausesVerdict", "ContentionVerdict", "NoGainVerdict", "OverheadVerdict", "PartialGainVerdict"],
            VerdictRules.InOrder.Select(r => r.GetType().Name));
    }

    [Fact]
    public void A_scaling_run_is_never_told_it_contends_whatever_its_task_inflation()
    {
        var scaling = new StrategyFacts { Strategy = Strategy.Threads, Workers = 3, Tasks = 16, Cores = 2, Speedup = 1.9, TaskInflation = 3.0 };
        var baseline = new StrategyFacts { Strategy = Strategy.Sequential, Tasks = 16, Cores = 2, CoresPerTask = 1, Speedup = 1 };

        Assert.NotNull(new ContentionVerdict().Explain(scaling, baseline));
        Assert.StartsWith("scales", VerdictRules.Explain(scaling, baseline));
    }

    [Fact]
    public void The_last_rule_always_speaks()
    {
        Assert.NotNull(VerdictRules.InOrder[^1].Explain(new StrategyFacts(), null));
    }
}

public class CpuUtilizationTests
{
    [Fact]
    public void Is_cpu_seconds_over_elapsed_times_cores_and_never_above_one()
    {
        Assert.Equal(0.5, new RunResult { Elapsed = 2, CpuSeconds = 2, Cores = 2 }.CpuUtilization);
        Assert.Equal(1, new RunResult { Elapsed = 1, CpuSeconds = 5, Cores = 2 }.CpuUtilization);
        Assert.Equal(0, new RunResult { Elapsed = 0, CpuSeconds = 5, Cores = 2 }.CpuUtilization);
    }

    [Fact]
    public void Cores_per_task_is_cpu_seconds_over_the_time_tasks_ran()
    {
        Assert.Equal(1.9, SyntheticRuns.Run(Strategy.Sequential, 4, 1, cpuPerTask: 1.9).CoresPerTask, 9);
    }
}

public class SweepWordingTests
{
    [Fact]
    public void Ties_in_a_sweep_name_each_plan_by_its_worker_count()
    {
        var plans = new[]
        {
            SyntheticRuns.Measured(Strategy.Sequential, SyntheticRuns.Around(4), 1),
            SyntheticRuns.Measured(Strategy.Threads, SyntheticRuns.Around(2), 1, workers: 2),
            SyntheticRuns.Measured(Strategy.Threads, SyntheticRuns.Around(2.01), 1, workers: 3),
        };

        var rows = SyntheticRuns.Analyze(plans);

        Assert.Equal("Threads ×3", rows.Single(r => r.Workers == 2 && r.Strategy == Strategy.Threads).TiedWith);
    }

    [Fact]
    public void A_speedup_above_the_bound_within_noise_says_so_and_counts_one_worker_in_the_singular()
    {
        // One worker cannot give 1.3x; the intervals reach below 1, so it is not called superlinear either.
        var rows = SyntheticRuns.Analyze(
            SyntheticRuns.Measured(Strategy.Sequential, [4.0, 2.0, 6.0, 3.0, 5.0], 1),
            SyntheticRuns.Measured(Strategy.Threads, [3.1, 2.9, 3.0, 3.2, 2.8], 0.75, workers: 1));

        Assert.StartsWith("scales: 1.3× above the 1.0× that 1 worker allow, within noise", rows.Row(Strategy.Threads).Verdict);
    }

    [Fact]
    public void A_speedup_interval_never_reaches_past_the_most_extreme_ratio_of_the_runs()
    {
        var (_, low, high) = RunStatistics.Ratio([0.09, 0.10, 0.72, 0.095, 0.11], [0.05, 0.06, 0.055, 0.70, 0.052]);

        Assert.True(low >= 0.09 / 0.70 && high <= 0.72 / 0.05, $"{low} – {high}");
    }
}
