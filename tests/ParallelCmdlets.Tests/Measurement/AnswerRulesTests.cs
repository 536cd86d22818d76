using ParallelCmdlets.Measurement;
using ParallelCmdlets.Reports;
using Xunit;
using static ParallelCmdlets.Tests.Measurement.SyntheticRuns;

namespace ParallelCmdlets.Tests.Measurement;

public class AnswerRulesTests
{
    private const string Sleep = "Start-Sleep -Milliseconds 200";

    private static MeasuredStrategy Wrapped(MeasuredStrategy m) => m with { Plan = m.Plan with { Wrapped = true } };

    private static IReadOnlyList<StrategyResult> Analyze(string code, params MeasuredStrategy[] measured) =>
        Comparison.Analyze(measured, cores: 2, environment: null, code: code);

    [Fact]
    public void Names_the_plain_loop_when_Sequential_is_fastest()
    {
        var results = Analyze(Sleep, Measured(Strategy.Sequential, Around(1.0), 0.25), Measured(Strategy.Threads, Around(2.0), 0.5));

        var answer = AnswerRules.For(results);

        Assert.Equal(AnswerKind.PlainLoop, answer.Kind);
        Assert.Equal("Sequential", answer.StrategyName);
        Assert.False(answer.Tied);
        Assert.Equal("foreach ($item in $items) { & { Start-Sleep -Milliseconds 200 } }", answer.Command);
        // The closest parallel row is given for scale.
        Assert.Equal("Threads", answer.RunnerUp);
        Assert.StartsWith("The plain loop is best: no parallel strategy beat it (the closest, Threads 0.50×", answer.Summary);
    }

    [Fact]
    public void Names_the_fastest_parallel_row_with_its_speedup_and_interval()
    {
        var results = Analyze(Sleep, Measured(Strategy.Sequential, Around(2.0), 0.5), Measured(Strategy.Threads, Around(1.0), 0.5),
            Measured(Strategy.ForEachParallel, Around(1.6), 0.5));

        var answer = AnswerRules.For(results);
        var threads = results.Row(Strategy.Threads);

        Assert.Equal(AnswerKind.Parallel, answer.Kind);
        Assert.Equal("Threads", answer.StrategyName);
        Assert.Equal(threads.Speedup, answer.Speedup);
        Assert.Equal(threads.SpeedupLow, answer.SpeedupLow);
        Assert.Equal("", answer.RunnerUp);
        Assert.Equal("Invoke-Workload -ScriptBlock { Start-Sleep -Milliseconds 200 } -Strategy Threads -Workers 2 -Tasks 4 -PassThru", answer.Command);
        Assert.Equal($"Threads is fastest: {Answer.Figure(threads.Speedup, threads.SpeedupLow, threads.SpeedupHigh)} the plain loop's speed", answer.Summary);
    }

    [Fact]
    public void Of_rows_tied_for_fastest_names_the_simplest_and_the_fastest_other_as_runner_up()
    {
        var results = Analyze(Sleep, Measured(Strategy.Sequential, Around(2.0), 0.5), Measured(Strategy.Threads, Around(0.99), 0.5),
            Measured(Strategy.ForEachParallel, Around(1.9), 0.5), Wrapped(Measured(Strategy.ForEachParallel, Around(1.0), 0.5)));

        var answer = AnswerRules.For(results);

        Assert.Equal(AnswerKind.Parallel, answer.Kind);
        Assert.True(answer.Tied);
        Assert.Equal("ForEachParallel (& { })", answer.StrategyName);
        Assert.True(answer.Wrapped);
        Assert.Equal("Threads", answer.RunnerUp);
        Assert.Equal("$items | ForEach-Object -ThrottleLimit 2 -Parallel { & { Start-Sleep -Milliseconds 200 } }", answer.Command);
        Assert.Contains("the simplest of those tied for fastest", answer.Summary);
        Assert.Contains("runner-up Threads 2.0", answer.Summary);
    }

    [Fact]
    public void The_plain_loop_tied_with_the_best_is_named_as_the_simplest()
    {
        var results = Analyze("", Measured(Strategy.Sequential, Around(1.0), 0.25), Measured(Strategy.Threads, Around(1.0), 0.25));

        var answer = AnswerRules.For(results);

        Assert.Equal(AnswerKind.PlainLoop, answer.Kind);
        Assert.True(answer.Tied);
        Assert.Equal("Threads", answer.RunnerUp);
        Assert.StartsWith("The plain loop is as fast as any, and simplest; runner-up Threads", answer.Summary);
    }

    [Fact]
    public void A_comparison_that_did_not_settle_names_no_command()
    {
        var results = Analyze(Sleep, Measured(Strategy.Sequential, Around(1.0, 0.9), 0.25), Measured(Strategy.Threads, Around(0.9, 0.9), 0.25));
        Assert.All(results, r => Assert.False(r.Settled));

        var answer = AnswerRules.For(results);

        Assert.Equal(AnswerKind.NotSettled, answer.Kind);
        Assert.Equal("", answer.Command);
        Assert.Equal("", answer.StrategyName);
        Assert.StartsWith("No answer: the comparison did not settle", answer.Line);
    }

    [Fact]
    public void Without_a_plain_loop_or_with_too_few_runs_no_winner_is_named()
    {
        var noBaseline = AnswerRules.For(Analyze(Sleep, Measured(Strategy.Threads, Around(1.0), 0.25), Measured(Strategy.Processes, Around(2.0), 0.25)));
        var oneRun = AnswerRules.For(Analyze(Sleep, Measured(Strategy.Sequential, [1.0], 0.25), Measured(Strategy.Threads, [0.5], 0.25)));

        Assert.Equal(AnswerKind.NoWinner, noBaseline.Kind);
        Assert.Contains("no plain loop", noBaseline.Reason);
        Assert.Equal(AnswerKind.NoWinner, oneRun.Kind);
        Assert.Contains("too few timed runs", oneRun.Reason);
        var alone = AnswerRules.For(Analyze(Sleep, Measured(Strategy.Sequential, Around(1.0), 0.25)));
        Assert.Equal(AnswerKind.NoWinner, alone.Kind);
        Assert.Contains("only the plain loop was measured", alone.Reason);
    }

    private static StrategyResult Row(Strategy strategy, bool wrapped = false, string code = "param($n) $n * 2", string? arguments = null) =>
        new() { Workload = "ScriptBlock", Strategy = strategy, Wrapped = wrapped, Workers = 3, Tasks = 8, Code = code, Arguments = arguments };

    [Theory]
    [InlineData(Strategy.Sequential, false, "foreach ($item in $items) { & { param($n) $n * 2 } }")]
    [InlineData(Strategy.ForEachParallel, false, "$items | ForEach-Object -ThrottleLimit 3 -Parallel { param($n) $n * 2 }")]
    [InlineData(Strategy.ForEachParallel, true, "$items | ForEach-Object -ThrottleLimit 3 -Parallel { & { param($n) $n * 2 } }")]
    [InlineData(Strategy.ThreadJob, false, "$items | ForEach-Object { Start-ThreadJob -ThrottleLimit 3 -ScriptBlock { param($n) $n * 2 } } | Receive-Job -Wait -AutoRemoveJob")]
    [InlineData(Strategy.ThreadJob, true, "$items | ForEach-Object { Start-ThreadJob -ThrottleLimit 3 -ScriptBlock { & { param($n) $n * 2 } } } | Receive-Job -Wait -AutoRemoveJob")]
    [InlineData(Strategy.Job, false, "$items | ForEach-Object { Start-Job -ScriptBlock { param($n) $n * 2 } } | Receive-Job -Wait -AutoRemoveJob  # 3 at a time: Wait-Job -Any before the next")]
    [InlineData(Strategy.RunspacePool, false, "$pool = [runspacefactory]::CreateRunspacePool(1, 3); $pool.Open(); $items | ForEach-Object { $ps = [powershell]::Create(); $ps.RunspacePool = $pool; $null = $ps.AddScript({ param($n) $n * 2 }); $ps.BeginInvoke() }")]
    [InlineData(Strategy.RunspacePool, true, "$pool = [runspacefactory]::CreateRunspacePool(1, 3); $pool.Open(); $items | ForEach-Object { $ps = [powershell]::Create(); $ps.RunspacePool = $pool; $null = $ps.AddScript({ param($n) $n * 2 }, $true); $ps.BeginInvoke() }")]
    [InlineData(Strategy.Threads, false, "Invoke-Workload -ScriptBlock { param($n) $n * 2 } -Strategy Threads -Workers 3 -Tasks 8 -PassThru")]
    [InlineData(Strategy.Processes, false, "Invoke-Workload -ScriptBlock { param($n) $n * 2 } -Strategy Processes -Workers 3 -Tasks 8 -PassThru")]
    public void Writes_the_command_as_the_user_types_it(Strategy strategy, bool wrapped, string expected) =>
        Assert.Equal(expected, AnswerRules.Command(Row(strategy, wrapped)));

    [Theory]
    [InlineData(Strategy.Sequential, false, "foreach ($item in $items) { & { param($n) $n * 2 } $item }")]
    [InlineData(Strategy.ForEachParallel, false, "$items | ForEach-Object -ThrottleLimit 3 -Parallel { . { param($n) $n * 2 } $_ }")]
    [InlineData(Strategy.ForEachParallel, true, "$items | ForEach-Object -ThrottleLimit 3 -Parallel { & { param($n) $n * 2 } $_ }")]
    [InlineData(Strategy.ThreadJob, false, "$items | ForEach-Object { Start-ThreadJob -ThrottleLimit 3 -ScriptBlock { param($n) $n * 2 } -ArgumentList $_ } | Receive-Job -Wait -AutoRemoveJob")]
    [InlineData(Strategy.ThreadJob, true, "$items | ForEach-Object { Start-ThreadJob -ThrottleLimit 3 -ScriptBlock { & { param($n) $n * 2 } @args } -ArgumentList $_ } | Receive-Job -Wait -AutoRemoveJob")]
    [InlineData(Strategy.Job, false, "$items | ForEach-Object { Start-Job -ScriptBlock { param($n) $n * 2 } -ArgumentList $_ } | Receive-Job -Wait -AutoRemoveJob  # 3 at a time: Wait-Job -Any before the next")]
    [InlineData(Strategy.RunspacePool, true, "$pool = [runspacefactory]::CreateRunspacePool(1, 3); $pool.Open(); $items | ForEach-Object { $ps = [powershell]::Create(); $ps.RunspacePool = $pool; $null = $ps.AddScript({ param($n) $n * 2 }, $true).AddArgument($_); $ps.BeginInvoke() }")]
    [InlineData(Strategy.Threads, false, "Invoke-Workload -ScriptBlock { param($n) $n * 2 } -ArgumentList 200000 -Strategy Threads -Workers 3 -Tasks 8 -PassThru")]
    public void Tasks_that_got_an_ArgumentList_get_the_users_item_or_the_same_arguments_in_the_command(Strategy strategy, bool wrapped, string expected) =>
        Assert.Equal(expected, AnswerRules.Command(Row(strategy, wrapped, arguments: "200000")));

    [Fact]
    public void Arguments_are_written_back_as_PowerShell_literals_and_an_object_as_an_ellipsis()
    {
        Assert.Null(PowerShellLiteral.List([]));
        Assert.Equal("200000, 1.5, 'it''s', $true, $null", PowerShellLiteral.List([200000, 1.5, "it's", true, null]));
        Assert.Equal("…", PowerShellLiteral.List([new object()]));
    }

    [Fact]
    public void A_built_in_workload_is_run_with_Invoke_Workload()
    {
        var row = new StrategyResult { Workload = "Loop", Strategy = Strategy.Processes, Workers = 2, ThreadsPerWorker = 2, Tasks = 16, TransferMode = TransferMode.SharedMemory };
        Assert.Equal("Invoke-Workload -Name Loop -Strategy Processes -Workers 2 -ThreadsPerWorker 2 -TransferMode SharedMemory -Tasks 16 -PassThru", AnswerRules.Command(row));
    }

    [Fact]
    public void A_block_whose_text_a_file_did_not_keep_is_written_as_an_ellipsis_not_as_an_empty_block()
    {
        var old = new StrategyResult { Workload = "ScriptBlock", Strategy = Strategy.ForEachParallel, Workers = 2, Tasks = 8, Code = null };
        Assert.Equal("$items | ForEach-Object -ThrottleLimit 2 -Parallel { … }", AnswerRules.Command(old));
        Assert.Equal("foreach ($item in $items) { & { } }", AnswerRules.Command(new StrategyResult { Workload = "ScriptBlock", Strategy = Strategy.Sequential, Code = " " }));
    }

    [Fact]
    public void A_long_block_is_written_on_one_line_and_cut_at_a_word()
    {
        var code = "\n    param($n)\n    $s = 0\n    foreach ($i in 1..$n) {\n        $s += $i\n    }\n    $s\n";
        Assert.Equal("{ param($n); $s = 0; foreach ($i in 1..$n) { $s += $i }; $s }", AnswerRules.Block(code));

        var block = AnswerRules.Block(string.Join("\n", Enumerable.Range(1, 30).Select(i => $"$v{i} = {i}")));
        Assert.EndsWith(" … }", block);
        Assert.True(block.Length <= AnswerRules.MaxBlockChars + "{  … }".Length, block);
        Assert.Equal("{ }", AnswerRules.Block("  "));
    }

    [Fact]
    public void The_verdict_of_a_tool_as_written_quotes_its_fixed_form()
    {
        var results = Analyze(Sleep, Measured(Strategy.Sequential, Around(1.0), 0.5),
            Measured(Strategy.ForEachParallel, Around(8.0), 0.5, cpuPerTask: 8), Wrapped(Measured(Strategy.ForEachParallel, Around(1.05), 0.5)));
        var asWritten = results.Single(r => r.Strategy == Strategy.ForEachParallel && !r.Wrapped);
        var wrapped = results.Single(r => r.Wrapped);

        Assert.StartsWith($"as written 0.13×; wrapped in & {{ }} {Answer.Figure(wrapped.Speedup, wrapped.SpeedupLow, wrapped.SpeedupHigh)}: ForEachParallel runs it dot-sourced", asWritten.Verdict);
        Assert.Equal("ForEachParallel (& { })", wrapped.StrategyName);
        Assert.DoesNotContain("as written", wrapped.Verdict);
    }

    [Fact]
    public void The_answer_of_an_imported_comparison_is_the_answer_of_the_measured_one()
    {
        var results = Analyze(Sleep, Measured(Strategy.Sequential, Around(2.0), 0.5), Measured(Strategy.Threads, Around(0.99), 0.5),
            Wrapped(Measured(Strategy.ForEachParallel, Around(1.0), 0.5)));
        var text = ResultsFile.Render(results.Select(r => new ResultsFileEntry(r, ResultKind.StrategyResult)), DateTime.UtcNow, "test");

        var imported = ResultsFile.Parse(text, "x.json").Select(e => e.Result).ToList();

        Assert.Equal(AnswerRules.For(results).Line, AnswerRules.For(imported).Line);
        Assert.Contains(imported, r => r.Wrapped && r.Code == Sleep);
    }

    [Fact]
    public void The_rendered_answer_fits_its_width_and_keeps_every_word()
    {
        var answer = new Answer
        {
            Kind = AnswerKind.Parallel, StrategyName = "ForEachParallel (& { })", Speedup = 1.95, SpeedupLow = 1.9, SpeedupHigh = 2.01, Tied = true,
            RunnerUp = "Threads", RunnerUpSpeedup = 2.01, RunnerUpSpeedupLow = 1.95, RunnerUpSpeedupHigh = 2.05,
            Command = AnswerRules.Command(Row(Strategy.ThreadJob, wrapped: true, code: "param($n) $s = 0; foreach ($i in 1..$n) { $s += $i }; $s")),
        };

        var lines = answer.Render(80).Split(Environment.NewLine);

        Assert.All(lines, l => Assert.True(l.Length <= 80, l));
        Assert.StartsWith("Answer: ForEachParallel (& { }), the simplest of those tied for fastest", lines[0]);
        Assert.Equal(answer.Line.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            string.Join(" ", lines).Replace("Answer: ", "").Replace("speed; runner-up Threads 2.01× (1.95–2.05) ", "speed; runner-up Threads 2.01× (1.95–2.05): ")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
