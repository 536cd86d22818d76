<#
.SYNOPSIS
    How close to a bare RunspacePool can any per-task stamping come? (bench row 5, RunspacePool)
.DESCRIPTION
    Runs 1000 empty tasks on a pool of 2 runspaces, 15 times each, in five shapes taking turns in random order,
    and prints the median cost per task. No module needed: a small class stands in for its stamps.
      A  bare, as users write it: AddScript('param($x) $x'), one argument
      B  the module's shape: three parameters (TaskId, Size, context), a Start and a Finish call on the context,
         a Submit stamp in the driver, errors checked after EndInvoke
      C  as B, the context a pool-wide variable, one parameter
      D  as C, the stamps static method calls
      E  the bare task, with only the driver's Submit stamp and bookkeeping
    E is the floor for anything that measures the hand-over; D is close to the least a task can do to stamp
    its own start and end from inside.
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/experiments/RunspacePoolStamps.ps1
#>
Add-Type -TypeDefinition @'
using System.Collections.Concurrent; using System.Diagnostics;
public sealed class StampContext {
    public readonly ConcurrentDictionary<int, long[]> Stamps = new ConcurrentDictionary<int, long[]>();
    public static StampContext Current;
    public void Submit(int id) { Stamps[id] = new long[] { Stopwatch.GetTimestamp(), 0, 0 }; }
    public void Start(int id) { Stamps[id][1] = Stopwatch.GetTimestamp(); }
    public object Finish(int id) { Stamps[id][2] = Stopwatch.GetTimestamp(); return Stamps[id]; }
    public static void StaticStart(int id) { Current.Start(id); }
    public static object StaticFinish(int id) { return Current.Finish(id); }
}
'@
$context = [StampContext]::new(); [StampContext]::Current = $context
$state = [initialsessionstate]::CreateDefault2()
$state.Variables.Add([System.Management.Automation.Runspaces.SessionStateVariableEntry]::new('__context', $context, ''))
$pool = [runspacefactory]::CreateRunspacePool($state); $null = $pool.SetMaxRunspaces(2); $null = $pool.SetMinRunspaces(2); $pool.Open()

$bodies = @{
    B = "param(`$TaskId, `$Size, `$__context)`n`$__context.Start(`$TaskId)`n`$__context.Finish(`$TaskId)`n"
    C = "param(`$TaskId)`n`$__context.Start(`$TaskId)`n`$__context.Finish(`$TaskId)`n"
    D = "param(`$TaskId)`n[StampContext]::StaticStart(`$TaskId)`n[StampContext]::StaticFinish(`$TaskId)`n"
    E = 'param($x) $x'
}
function A([int] $n) {
    $shells = foreach ($i in 1..$n) { $ps = [powershell]::Create(); $ps.RunspacePool = $pool; $null = $ps.AddScript('param($x) $x').AddArgument($i); [System.Tuple]::Create($ps, $ps.BeginInvoke()) }
    foreach ($s in $shells) { $null = $s.Item1.EndInvoke($s.Item2); $s.Item1.Dispose() }
}
function B([int] $n) {
    $running = [System.Collections.Generic.List[object]]::new()
    foreach ($i in 1..$n) {
        $ps = [powershell]::Create(); $ps.RunspacePool = $pool
        $null = $ps.AddScript($bodies.B).AddArgument($i).AddArgument(5).AddArgument($context)
        $context.Submit($i); $running.Add([System.Tuple]::Create($ps, $ps.BeginInvoke(), $i))
    }
    foreach ($s in $running) { try { $out = $s.Item1.EndInvoke($s.Item2) } catch { $out = $null }; if ($s.Item1.HadErrors) { }; $s.Item1.Dispose(); $null = $out }
}
function Invoke-OneArgument([string] $body, [int] $n) {
    $running = [System.Collections.Generic.List[object]]::new()
    foreach ($i in 1..$n) {
        $ps = [powershell]::Create(); $ps.RunspacePool = $pool; $null = $ps.AddScript($body).AddArgument($i)
        $context.Submit($i); $running.Add([System.Tuple]::Create($ps, $ps.BeginInvoke(), $i))
    }
    foreach ($s in $running) { $out = $s.Item1.EndInvoke($s.Item2); $s.Item1.Dispose(); $null = $out }
}
function C([int] $n) { Invoke-OneArgument $bodies.C $n }
function D([int] $n) { Invoke-OneArgument $bodies.D $n }
function E([int] $n) { Invoke-OneArgument $bodies.E $n }

$shapes = 'A', 'B', 'C', 'D', 'E'
foreach ($shape in $shapes) { & $shape 50 }
$times = @{}; foreach ($shape in $shapes) { $times[$shape] = [System.Collections.Generic.List[double]]::new() }
foreach ($pass in 1..15) {
    foreach ($shape in $shapes | Sort-Object { Get-Random }) {
        $watch = [Diagnostics.Stopwatch]::StartNew(); & $shape 1000; $times[$shape].Add($watch.Elapsed.TotalMilliseconds)
    }
}
$bare = ($times.A | Sort-Object)[7]
foreach ($shape in $shapes) {
    $sorted = $times[$shape] | Sort-Object
    '{0}: median {1:N1} µs a task (min {2:N1}), {3:N2}× bare' -f $shape, $sorted[7], $sorted[0], ($sorted[7] / $bare)
}
$pool.Close()
