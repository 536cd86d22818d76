using System.Management.Automation;
using ParallelCmdlets.PowerShellTools;
using ParallelCmdlets.Scripting;

namespace ParallelCmdlets.Tests.PowerShellTools;

/// <summary>The task scripts of PowerShell's tools as written and in their fixed form (the block with a scope of its own).</summary>
public class ToolTaskScriptTests
{
    private static ScriptBlockWorkload Workload(string code) =>
        new(ScriptBlockWorkload.CreateSpec(ScriptBlock.Create(code), tasks: 1), []);

    private static ToolTaskScript For(string code, Strategy strategy, bool wrapped) =>
        ToolTaskScript.For(Workload(code), strategy, "ParallelCmdlets.psd1", CancellationToken.None, wrapped);

    /// <summary>
    /// Runs a task script the way Start-ThreadJob and AddScript(script) run it, dot-sourced into the runspace, and
    /// says whether the user's variable was left in the runspace's global scope.
    /// </summary>
    private static (bool Leaked, bool Completed) RunDotSourced(ToolTaskScript task)
    {
        using var shell = PowerShell.Create();
        shell.AddScript(task.WithParameters, useLocalScope: false).AddArgument(1);
        if (task.PassesSize) shell.AddArgument(1L);
        shell.AddArgument(task.Context);
        var output = shell.Invoke();
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
        shell.AddScript(task.WithParameters).AddArgument(1).AddArgument(21L).AddArgument(task.Context);

        Assert.Contains(42L, shell.Invoke().Select(o => o.BaseObject).OfType<long>());
    }
}
