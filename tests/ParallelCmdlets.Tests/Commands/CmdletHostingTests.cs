using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ParallelCmdlets.Commands;
using ParallelCmdlets.Scripting;

namespace ParallelCmdlets.Tests.Commands;

/// <summary>
/// The cmdlets hosted in this process by Microsoft.PowerShell.SDK, in a runspace with the default cmdlets and
/// this module's assembly imported, as a host application would use them. Only in-process strategies and
/// compiled workloads on processes: a PowerShell workload's worker process is a pwsh from $PSHOME, which a
/// hosting application (this test host's $PSHOME is the SDK's runtime folder) does not have.
/// </summary>
public sealed class CmdletHostingTests : IDisposable
{
    private readonly Runspace runspace;

    public CmdletHostingTests()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule([typeof(InvokeWorkloadCommand).Assembly.Location]);
        runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
    }

    public void Dispose() => runspace.Dispose();

    /// <summary>Runs a script in the hosted runspace; any error fails the test with its message.</summary>
    private Collection<PSObject> Run(string script, out PowerShell shell)
    {
        shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script);
        var output = shell.Invoke();
        Assert.False(shell.HadErrors && shell.Streams.Error.Count > 0, string.Join("; ", shell.Streams.Error.Select(e => e.ToString())));
        return output;
    }

    private Collection<PSObject> Run(string script)
    {
        var output = Run(script, out var shell);
        shell.Dispose();
        return output;
    }

    private static T Property<T>(PSObject o, string name) => LanguagePrimitives.ConvertTo<T>(o.Properties[name].Value);

    [Fact]
    public void The_module_brings_its_cmdlets_beside_the_default_ones()
    {
        var names = Run("(Get-Command -Module ParallelCmdlets).Name").Select(o => (string)o.BaseObject).Order().ToList();
        // Every public cmdlet class of the assembly, however many there are by now.
        var declared = typeof(InvokeWorkloadCommand).Assembly.GetExportedTypes()
            .Select(t => t.GetCustomAttributes(typeof(CmdletAttribute), false).OfType<CmdletAttribute>().SingleOrDefault())
            .OfType<CmdletAttribute>().Select(a => $"{a.VerbName}-{a.NounName}").Order().ToList();

        Assert.Contains("Invoke-Workload", declared);
        Assert.Equal(declared, names);
        Assert.Single(Run("Get-Command ConvertTo-Json"));
    }

    [Fact]
    public void Get_Workload_lists_every_workload_as_typed_objects()
    {
        var workloads = Run("Get-Workload").Select(o => Assert.IsType<WorkloadInfo>(o.BaseObject)).ToList();

        Assert.Equal(PowerShellWorkloads.CreateCatalog().Names, workloads.Select(w => w.Name));
        Assert.Contains(workloads, w => w.Name == "ScriptLoop" && w.RequiresPowerShell);
        Assert.All(workloads, w => Assert.True(w.DefaultSize > 0));
    }

    [Fact]
    public void Invoke_Workload_runs_Loop_on_threads_of_this_process()
    {
        var records = Run("Invoke-Workload -Workload Loop -Size 1000 -Tasks 2 -Strategy Threads -Workers 2")
            .Select(o => Assert.IsType<TaskRecord>(o.BaseObject)).OrderBy(r => r.TaskId).ToList();

        Assert.Equal([1, 2], records.Select(r => r.TaskId));
        Assert.All(records, r =>
        {
            Assert.Equal(TaskState.Completed, r.Status);
            Assert.Equal(Strategy.Threads, r.Strategy);
            Assert.Equal("Loop", r.Workload);
            Assert.Equal(Environment.ProcessId, r.ProcessId);
        });
        Assert.Single(records.Select(r => r.RunId).Distinct());
    }

    [Fact]
    public void Invoke_Workload_runs_a_compiled_workload_on_worker_processes_from_the_host()
    {
        var records = Run("Invoke-Workload -Workload Loop -Size 1000 -Tasks 2 -Strategy Processes -Workers 1")
            .Select(o => Assert.IsType<TaskRecord>(o.BaseObject)).ToList();

        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(TaskState.Completed, r.Status));
        Assert.All(records, r => Assert.NotEqual(Environment.ProcessId, r.ProcessId));
    }

    [Fact]
    public void Invoke_Workload_runs_a_ScriptBlock_in_worker_runspaces_never_the_callers()
    {
        var output = Run("""
            $caller = [runspace]::DefaultRunspace.InstanceId
            $out = Invoke-Workload -ScriptBlock { [pscustomobject]@{ Task = $TaskId; Runspace = [runspace]::DefaultRunspace.InstanceId; Json = @{ n = $TaskId } | ConvertTo-Json -Compress } } -Strategy Threads -Workers 2 -Tasks 6 -PassThru
            [pscustomobject]@{ Caller = $caller; Out = $out }
            """).Single();

        var caller = Property<Guid>(output, "Caller");
        var items = ((object[])output.Properties["Out"].Value).Cast<PSObject>().ToList();
        var records = items.Select(o => o.BaseObject).OfType<TaskRecord>().ToDictionary(r => r.TaskId);
        var reports = items.Where(o => o.BaseObject is not TaskRecord).Select(o => (Task: Property<int>(o, "Task"),
            Runspace: Property<Guid>(o, "Runspace"), Json: Property<string>(o, "Json"))).ToList();

        Assert.Equal(6, records.Count);
        Assert.Equal(Enumerable.Range(1, 6), reports.Select(r => r.Task).Order());
        Assert.All(reports, r => Assert.Equal($$"""{"n":{{r.Task}}}""", r.Json));
        Assert.All(reports.GroupBy(r => records[r.Task].WorkerId), g => Assert.Single(g.Select(r => r.Runspace).Distinct()));
        Assert.Equal(2, reports.Select(r => r.Runspace).Distinct().Count());
        Assert.DoesNotContain(caller, reports.Select(r => r.Runspace));
    }

    [Fact]
    public void Invoke_Workload_runs_ScriptLoop_on_threads_in_process()
    {
        var records = Run("Invoke-Workload -Workload ScriptLoop -Size 2000 -Tasks 2 -Strategy Threads -Workers 2")
            .Select(o => Assert.IsType<TaskRecord>(o.BaseObject)).ToList();

        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(TaskState.Completed, r.Status));
        Assert.All(records, r => Assert.Equal(Environment.ProcessId, r.ProcessId));
    }

    [Fact]
    public void Compare_Strategy_measures_Sleep_on_threads_against_the_sequential_baseline()
    {
        var output = Run("Compare-Strategy -Workload Sleep -Size 10 -Tasks 2 -Repeat 4 -Strategy Threads -Workers 2", out var shell);
        using (shell)
        {
            var results = output.Select(o => Assert.IsType<StrategyResult>(o.BaseObject)).ToList();

            Assert.Equal([Strategy.Sequential, Strategy.Threads], results.Select(r => r.Strategy));
            Assert.All(results, r => Assert.Equal(4, r.Runs.Count));
            Assert.Equal(1, results[0].Speedup);
            // Two 10 ms waits side by side take half as long as one after the other, whatever else runs here.
            Assert.True(results[1].Speedup > 1.3, $"Threads speedup {results[1].Speedup}");
            // The speedup is the ratio of the two mean times the rows show; the baseline says it is one.
            Assert.Equal(results[0].Elapsed / results[1].Elapsed, results[1].Speedup!.Value, 9);
            Assert.StartsWith("baseline: ", results[0].Verdict);
            Assert.All(results, r => Assert.Equal(Environment.ProcessorCount, r.Environment.LogicalCores));
            // Warnings reach the host's warning stream as one line per result that has any (its most important,
            // with a count of the others), so a busy machine's several warnings do not drown the table.
            Assert.Equal(results.Count(r => r.GetWarnings().Count > 0), shell.Streams.Warning.Count);
            Assert.All(results.Where(r => r.GetWarnings().Count > 1), r =>
                Assert.Contains(shell.Streams.Warning, w => w.Message.Contains($"+{r.GetWarnings().Count - 1} more")));
        }
    }

    [Fact]
    public void A_PowerShell_workload_on_processes_needs_a_pwsh_in_PSHOME_and_says_so()
    {
        // Its workers are pwsh processes from the installation running the module; here $PSHOME is the SDK's folder.
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddCommand("Invoke-Workload").AddParameter("ScriptBlock", ScriptBlock.Create("1"))
            .AddParameter("Strategy", Strategy.Processes).AddParameter("Workers", 1).AddParameter("Tasks", 1);

        var error = Assert.ThrowsAny<RuntimeException>(() => shell.Invoke());
        Assert.Equal("RunFailed,ParallelCmdlets.Commands.InvokeWorkloadCommand", error.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("pwsh", error.Message);
    }

    [Fact]
    public void Bad_input_ends_with_the_declared_error_id()
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddCommand("Invoke-Workload").AddParameter("Workload", "Loop").AddParameter("Workers", 0);

        var error = Assert.ThrowsAny<RuntimeException>(() => shell.Invoke());
        Assert.Equal("WorkersOutOfRange,ParallelCmdlets.Commands.InvokeWorkloadCommand", error.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.ErrorRecord.CategoryInfo.Category);
        Assert.Equal(0, error.ErrorRecord.TargetObject);
    }

    [Fact]
    public void Measure_scaling_puts_the_worker_processes_collectors_side_by_side()
    {
        var points = Run("Measure-Scaling -Workload Loop -Size 1000 -Tasks 2 -Workers 1 -Strategy Processes -GcMode Workstation, Server -Repeat 1 -Warmup 0 -WarningAction SilentlyContinue");

        Assert.Equal(["Sequential", "Processes", "Processes"], points.Select(p => Property<string>(p, "Strategy")));
        Assert.Equal(["workstation, non-concurrent", "server, non-concurrent"], points.Skip(1).Select(p => Property<string>(p, "GcMode")));
    }

    [Fact]
    public void Measure_scaling_refuses_gc_modes_without_worker_processes()
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddCommand("Measure-Scaling").AddParameter("Workload", "Loop").AddParameter("Strategy", new[] { Strategy.Threads })
            .AddParameter("GcMode", new[] { WorkerGcMode.Server, WorkerGcMode.Workstation });

        var error = Assert.ThrowsAny<RuntimeException>(() => shell.Invoke());
        Assert.Equal("GcModeNeedsProcesses,ParallelCmdlets.Commands.MeasureScalingCommand", error.ErrorRecord.FullyQualifiedErrorId);
    }
}
