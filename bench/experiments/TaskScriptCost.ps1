<#
.SYNOPSIS
    What each construct of a tool's task script costs per task (bench row 5: ForEachParallel and RunspacePool).
.DESCRIPTION
    ForEach-Object -Parallel and a RunspacePool fed with AddScript parse and compile every task's script afresh,
    so whatever the module adds around the user's code is paid again per task. This times, in CPU per task,
    parsing, compiling and running each shape once (a unique comment defeats PowerShell's cache of parsed
    blocks, as AddScript has none), the shapes taking turns in random order, and prints each one's median and
    its excess over the bare `$_`. No module needed: a small class stands in for the task's stamps.
      bare         `$_`, the empty task the bench gives the tools
      twoStatements  `$_` twice: any second statement leaves PowerShell's short path for a one-expression script
      stamps       the RunspacePool task as it was: a start stamp, the code, an end stamp (three statements)
      folded       the RunspacePool task for one expression: the code as an argument of the end stamp
      tryCatch     the ForEach-Object -Parallel task for statements: begin, try { code } catch { fail } finally { end }
      nestedBlock  as tryCatch, the code dot-sourced as a nested block with splatted arguments (the old form)
      trap         a trap instead of try/catch (for comparison: far dearer)
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/experiments/TaskScriptCost.ps1
#>
param([int] $Tasks = 1500, [int] $Rounds = 15)
Add-Type -TypeDefinition @'
using System; using System.Collections.Generic; using System.Diagnostics; using System.Management.Automation;
public sealed class StampReport { public object Output; public void Fail(object e) { } public StampReport Finish() { return this; } }
public sealed class StampContext {
    public object[] Arguments = new object[0];
    public StampReport Begin(int id) { return new StampReport(); }
    public void Start(int id) { }
    public object Finish(int id) { return null; }
    public object Finish(int id, object started, object output) { return null; }
    /// <summary>CPU per task of creating, compiling and running the script once, with $_ and $__context set.</summary>
    public static double CpuPerTask(string text, int tasks, object context) {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < tasks; i++) {
            var block = ScriptBlock.Create(text + "\n# " + i);
            block.InvokeWithContext(null, new List<PSVariable> { new PSVariable("_", i), new PSVariable("TaskId", i), new PSVariable("__context", context) });
        }
        return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds * 1e3 / tasks;
    }
}
'@
$context = [StampContext]::new()
$nl = "`n"
$head = '$__report = $__context.Begin($TaskId)' + $nl
$shapes = [ordered]@{
    bare          = '$_'
    twoStatements = '$_' + $nl + '$_'
    stamps        = '$__context.Start($TaskId)' + $nl + '$_' + $nl + '$__context.Finish($TaskId)'
    folded        = '$__context.Finish($TaskId, $__context.Start($TaskId), $_)'
    tryCatch      = $head + 'try { $ErrorActionPreference = ''Stop''' + $nl + '$_' + $nl + '} catch { $__report.Fail($_) } finally { $__report.Finish() }'
    nestedBlock   = $head + 'try { $ErrorActionPreference = ''Stop''' + $nl + '$__report.Output = . { $_ } @__arguments' + $nl + '} catch { $__report.Fail($_) } finally { $__report.Finish() }'
    trap          = $head + '$ErrorActionPreference = ''Stop''' + $nl + 'trap { $__report.Fail($_); $__report.Finish(); break }' + $nl + '$_' + $nl + '$__report.Finish()'
}
$__arguments = @()
foreach ($name in $shapes.Keys) { $null = [StampContext]::CpuPerTask($shapes[$name], 300, $context) }
$cpu = @{}; foreach ($name in $shapes.Keys) { $cpu[$name] = [System.Collections.Generic.List[double]]::new() }
foreach ($round in 1..$Rounds) {
    foreach ($name in @($shapes.Keys) | Sort-Object { Get-Random }) { $cpu[$name].Add([StampContext]::CpuPerTask($shapes[$name], $Tasks, $context)) }
}
$middle = [int]($Rounds / 2)
$bare = ($cpu.bare | Sort-Object)[$middle]
foreach ($name in $shapes.Keys) {
    $sorted = $cpu[$name] | Sort-Object
    '{0,-14} {1,7:N1} µs of CPU a task (min {2,7:N1}), {3,6:N1} µs over bare' -f $name, $sorted[$middle], $sorted[0], ($sorted[$middle] - $bare)
}
