using System.Management.Automation;
using System.Management.Automation.Language;
using ParallelCmdlets.PowerShellTools;
using ParallelCmdlets.Scripting;

namespace ParallelCmdlets.Tests.PowerShellTools;

/// <summary>The task scripts of PowerShell's tools as written and in their fixed form (the block with a scope of its own).</summary>
public class ToolTaskScriptTests
{
    private static ScriptBlockWorkload Workload(string code) =>
        new(ScriptBlockWorkload.CreateSpec(ScriptBlock.Create(code), tasks: 1), []);

    private static ToolTaskScript For(string code, Strategy strategy, bool wrapped, bool keepOutput = true) =>
        ToolTaskScript.For(Workload(code), strategy, "ParallelCmdlets.psd1", CancellationToken.None, wrapped, keepOutput);

    /// <summary>Adds a task script with its arguments as its driver hands them: the task id, $Size when passed, the context.</summary>
    private static PowerShell AddTask(PowerShell shell, ToolTaskScript task, long size = 1)
    {
        shell.AddScript(task.WithParameters, useLocalScope: false).AddArgument(1);
        if (task.PassesSize) shell.AddArgument(size);
        return shell.AddArgument(task.Context);
    }

    /// <summary>
    /// Runs a task script the way Start-ThreadJob and AddScript(script) run it, dot-sourced into the runspace, and
    /// says whether the user's variable was left in the runspace's global scope.
    /// </summary>
    private static (bool Leaked, bool Completed) RunDotSourced(ToolTaskScript task)
    {
        using var shell = PowerShell.Create();
        var output = AddTask(shell, task).Invoke();
        var report = output.Select(o => o.BaseObject).OfType<ToolTaskReport>().Single();
        shell.Commands.Clear();
        var leaked = shell.AddScript("Test-Path variable:global:leak").Invoke<bool>().Single();
        return (leaked, report.Failure is null);
    }

    [Fact]
    public void ThreadJob_as_written_runs_the_block_in_the_runspace_s_own_scope_and_wrapped_in_one_of_its_own()
    {
        var asWritten = RunDotSourced(For("$leak = 42; $leak", Strategy.ThreadJob, wrapped: false));
        var wrapped = RunDotSourced(For("$leak = 42; $leak", Strategy.ThreadJob, wrapped: true));

        Assert.Equal((true, true), asWritten);
        Assert.Equal((false, true), wrapped);
    }

    [Fact]
    public void ForEachParallel_dot_sources_the_block_as_written_and_calls_it_with_its_own_scope_wrapped()
    {
        Assert.Contains("$__report.Output = . {", For("param($n) $n", Strategy.ForEachParallel, wrapped: false).ForEachParallelBody);
        Assert.Contains("$__report.Output = & {", For("param($n) $n", Strategy.ForEachParallel, wrapped: true).ForEachParallelBody);
    }

    [Fact]
    public void A_RunspacePool_s_task_is_the_same_either_way_its_driver_gives_the_scope()
    {
        // AddScript(script, $true) in the driver is the fixed form users write; the task script itself does not change.
        Assert.Equal(For("$x = 1", Strategy.RunspacePool, wrapped: false).WithParameters, For("$x = 1", Strategy.RunspacePool, wrapped: true).WithParameters);
    }

    [Theory]
    [InlineData(Strategy.RunspacePool)]
    [InlineData(Strategy.ThreadJob)]
    [InlineData(Strategy.ForEachParallel)]
    public void A_task_is_handed_Size_only_when_the_users_code_mentions_it(Strategy strategy)
    {
        var reads = For("$Size * 2", strategy, wrapped: false);
        var ignores = For("$x = 1", strategy, wrapped: false);

        Assert.True(reads.PassesSize);
        Assert.False(ignores.PassesSize);
        var body = strategy == Strategy.ForEachParallel ? (reads.ForEachParallelBody, ignores.ForEachParallelBody) : (reads.WithParameters, ignores.WithParameters);
        Assert.Contains("$Size", body.Item1);
        Assert.DoesNotContain("$Size", body.Item2);
    }

    [Fact]
    public void A_task_that_reads_Size_gets_the_workloads_size()
    {
        var task = ToolTaskScript.For(new ScriptBlockWorkload(ScriptBlockWorkload.CreateSpec(ScriptBlock.Create("$Size * 2"), tasks: 1, size: 21), []),
            Strategy.RunspacePool, "ParallelCmdlets.psd1", CancellationToken.None);
        using var shell = PowerShell.Create();

        var output = AddTask(shell, task, size: 21).Invoke().Select(o => o.BaseObject).ToList();

        var value = task.StreamsOutput ? output.OfType<long>().Single() : output.OfType<ToolTaskReport>().Single().Output;
        Assert.Equal(42L, value);
    }

    private static int StatementCount(string script) => Parser.ParseInput(script, out _, out _).EndBlock.Statements.Count;

    /// <summary>Runs a RunspacePool task script as its driver does and returns everything the task wrote.</summary>
    private static List<object?> RunPoolTask(ToolTaskScript task)
    {
        using var shell = PowerShell.Create();
        return AddTask(shell, task).Invoke().Select(o => o?.BaseObject).ToList();
    }

    [Theory]
    [InlineData("$_")]
    [InlineData("[math]::Sqrt(16) * 2")]
    [InlineData("$TaskId + 1")]
    public void A_RunspacePool_task_whose_code_is_one_expression_stays_one_statement(string code)
    {
        // PowerShell compiles a one-expression script on a short path that a second statement leaves: the stamps must not add one.
        var task = For(code, Strategy.RunspacePool, wrapped: false);

        Assert.Equal(1, StatementCount(task.WithParameters));
        Assert.False(task.StreamsOutput);
    }

    [Fact]
    public void A_one_expression_task_is_stamped_before_and_after_its_value_and_reports_the_value_as_its_output()
    {
        var task = For("$TaskId * 10", Strategy.RunspacePool, wrapped: false);

        var report = Assert.IsType<ToolTaskReport>(Assert.Single(RunPoolTask(task)));

        Assert.Equal(10, report.Output);
        Assert.True(report.Start > 0 && report.End >= report.Start);
        Assert.Null(report.Failure);
    }

    [Theory]
    [InlineData("1..3", new object[] { 1, 2, 3 })]
    [InlineData("@()", null)]
    [InlineData("$null", null)]
    public void A_one_expression_task_s_output_is_what_PowerShell_would_write_for_it(string code, object[]? written)
    {
        var report = (ToolTaskReport)RunPoolTask(For(code, Strategy.RunspacePool, wrapped: false)).Single()!;

        Assert.Equal(written, report.Output);
    }

    [Theory]
    [InlineData("Get-Date")]
    [InlineData("1, 2")]
    [InlineData("$x = 1; $x")]
    [InlineData("$(Write-Error 'no')")]
    public void Code_that_calls_a_command_or_is_not_one_plain_expression_keeps_its_statements_between_the_stamps(string code)
    {
        var task = For(code, Strategy.RunspacePool, wrapped: false);

        Assert.True(task.StreamsOutput);
        Assert.Contains("$__context.Start($TaskId)\n", task.WithParameters);
        Assert.EndsWith("$__context.Finish($TaskId)\n", task.WithParameters);
    }

    [Fact]
    public void A_ForEachParallel_block_without_parameters_runs_the_users_statements_as_its_own_unless_its_output_is_kept()
    {
        var bare = For("$x = 1; $x", Strategy.ForEachParallel, wrapped: false, keepOutput: false).ForEachParallelBody;
        var kept = For("$x = 1; $x", Strategy.ForEachParallel, wrapped: false, keepOutput: true).ForEachParallelBody;

        Assert.Contains("\n$x = 1; $x\n", bare);
        Assert.DoesNotContain(". {", bare);
        Assert.Contains("$__report.Output = . {", kept);
    }

    [Fact]
    public void A_ForEachParallel_task_with_nothing_to_set_up_takes_its_id_context_and_start_stamp_in_one_statement()
    {
        // The tool runs the block unoptimised, paying every statement again per task.
        var body = For("$TaskId", Strategy.ForEachParallel, wrapped: false, keepOutput: false).ForEachParallelBody;
        var ast = Parser.ParseInput(body, out _, out var errors);

        Assert.Empty(errors);
        var beforeTry = ast.EndBlock.Statements.TakeWhile(s => s is not TryStatementAst).ToList();
        Assert.Equal("$__report = ($__context = $using:Context).Begin(($TaskId = $_))", Assert.Single(beforeTry).Extent.Text);
    }

    [Fact]
    public void A_ForEachParallel_task_that_reads_Size_sets_it_from_its_context_before_its_start_stamp()
    {
        var body = For("$Size", Strategy.ForEachParallel, wrapped: false, keepOutput: false).ForEachParallelBody;

        var sizeSet = body.IndexOf("$Size = $__context.Size", StringComparison.Ordinal);
        Assert.True(sizeSet >= 0, body);
        Assert.True(sizeSet < body.IndexOf(".Begin(", StringComparison.Ordinal), body);
        Assert.StartsWith("$TaskId = $_; $__context = $using:Context\n", body);
    }

    /// <summary>Runs a job's task script as Start-Job does in its new process (one call, its own arguments after the task's), returning what it writes.</summary>
    private static List<object?> RunAsJob(ToolTaskScript task, params object?[] arguments)
    {
        Assert.True(task.OutOfProcess);
        using var shell = PowerShell.Create();
        shell.AddScript(task.WithParameters).AddArgument(1).AddArgument(1L).AddArgument(task.Context);
        foreach (var argument in arguments.Concat(task.Arguments)) shell.AddArgument(argument);
        return shell.Invoke().Select(o => o?.BaseObject).ToList();
    }

    [Fact]
    public void A_job_writes_the_block_s_output_then_one_stamp_line_with_the_task_s_figures()
    {
        var written = RunAsJob(For("param($n) $n * 2; ,[double[]](1, 2)", Strategy.Job, wrapped: false), 21);

        Assert.Equal(42, written[0]);
        Assert.Equal(new double[] { 1, 2 }, written[1]);
        Assert.True(ToolTaskReport.TryParseStamp((string)written[2]!, null, out var report));
        Assert.Equal((1, Environment.ProcessId), (report.TaskId, report.ProcessId));
        Assert.True(report.End >= report.Start);
        Assert.Null(report.Failure);
        Assert.Equal(3, written.Count);
    }

    [Fact]
    public void A_job_s_task_fails_alone_on_any_error_of_the_block_and_still_stamps_it()
    {
        var written = RunAsJob(For("Write-Error 'bad news'; 'not reached'", Strategy.Job, wrapped: false));

        var stamp = Assert.Single(written);
        Assert.True(ToolTaskReport.TryParseStamp((string)stamp!, null, out var report));
        Assert.Contains("bad news", report.Failure);
    }

    [Fact]
    public void A_job_runs_a_block_with_begin_and_end_blocks_and_sees_the_task_s_id_and_size()
    {
        var written = RunAsJob(For("param($x) begin { $b = \"$TaskId/$Size\" } end { \"$b $x\" }", Strategy.Job, wrapped: false), "arg");

        Assert.Equal("1/1 arg", written[0]);
        Assert.True(ToolTaskReport.TryParseStamp((string)written[1]!, null, out _));
    }
}
