<#
.SYNOPSIS
    What the module's Start-Job task script costs a job beyond the bare tool's (bench row 5: Job).
.DESCRIPTION
    Every job is a new pwsh that compiles its script cold, where each first member access pays its binding. This
    runs one job at a time, the shapes taking turns (the order reversed every round), and prints each shape's
    median CPU (from /proc, Linux) and wall time and its median excess over the bare job, paired round by round.
      bare      `param($x) $x`, the task the bench gives Start-Job
      script    the module's stamps written in script (as up to this experiment): CPU reads, Stopwatch stamps,
                try/catch, a nested block setting $ErrorActionPreference, the array check, the thread id
      assembly  the module's task now: `using assembly` and one call into ParallelCmdlets.PowerShellTools.JobTask
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/experiments/JobTaskScriptCost.ps1 -Module ./out/ParallelCmdlets
#>
param([Parameter(Mandatory)] [string] $Module, [int] $Rounds = 30)
$assembly = Join-Path (Resolve-Path $Module) 'ParallelCmdlets.dll'
$stampTail = '"ParallelCmdlets.TaskStamp;0;0;0;0;$PID;1;"'
$shapes = [ordered]@{
    bare     = "param(`$x) `$x`n$stampTail"
    script   = @'
param($TaskId, $Size, $__context)
$__id = $TaskId; $__arguments = $args
$__failure = ''
$__cpu = [System.Environment]::CpuUsage.TotalTime.Ticks
$__start = [System.Diagnostics.Stopwatch]::GetTimestamp()
try { $__output = & { $ErrorActionPreference = 'Stop'; & {
 $_
} @__arguments } }
catch { $__failure = "$_"; $__output = $null }
$__end = [System.Diagnostics.Stopwatch]::GetTimestamp()
$__cpu = ([System.Environment]::CpuUsage.TotalTime.Ticks - $__cpu) / 1e7
if ($__output -is [System.Array] -and $__output -isnot [object[]]) { Write-Output -NoEnumerate $__output } else { $__output }
"ParallelCmdlets.TaskStamp;$TaskId;$__start;$__end;$__cpu;$PID;$([System.Environment]::CurrentManagedThreadId);$__failure"
'@
    assembly = "using assembly '$assembly'`nparam(`$TaskId, `$Size, `$__context)`n`$__id = `$TaskId; `$__arguments = `$args`n`$ErrorActionPreference = 'Stop'`n[ParallelCmdlets.PowerShellTools.JobTask]::Run(`$TaskId, {`n `$_`n}, `$__arguments)`n"
}
$context = @{ Size = 1L; Tasks = 6; Name = 'ScriptBlock'; Module = $Module; Using = @{} }
$blocks = @{}; $cpu = @{}; $wall = @{}
foreach ($name in $shapes.Keys) {
    $blocks[$name] = [scriptblock]::Create($shapes[$name])
    $cpu[$name] = [System.Collections.Generic.List[double]]::new(); $wall[$name] = [System.Collections.Generic.List[double]]::new()
}
foreach ($round in 0..$Rounds) {
    $order = @($shapes.Keys); if ($round % 2) { [array]::Reverse($order) }
    foreach ($name in $order) {
        $arguments = if ($name -eq 'bare') { , @($round) } else { , @($round, 1L, $context) }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $job = Start-Job -ScriptBlock $blocks[$name] -ArgumentList $arguments
        $written = Receive-Job $job -Wait
        $elapsed = $watch.Elapsed.TotalMilliseconds
        $jobPid = [int](($written | Where-Object { "$_" -like 'ParallelCmdlets.TaskStamp;*' }) -split ';')[5]
        # The job's process is alive until the job is removed, as a rule: read its CPU (utime + stime, 10 ms ticks) now.
        $stat = Get-Content "/proc/$jobPid/stat" -Raw -ErrorAction SilentlyContinue
        $used = if ($stat) { $fields = ($stat -replace '^.*\) ', '') -split ' '; ([long]$fields[11] + [long]$fields[12]) * 10 } else { [double]::NaN }
        Remove-Job $job -Force
        if ($round -gt 0) { $wall[$name].Add($elapsed); $cpu[$name].Add($used) } # round 0 warms up
        # The next job starts once this one's process has gone (within a deadline), not while it is still exiting.
        $ended = Get-Process -Id $jobPid -ErrorAction SilentlyContinue
        if ($ended) { $null = $ended.WaitForExit(10000); $ended.Dispose() }
    }
}
function Get-Median($values) { $sorted = @($values | Where-Object { -not [double]::IsNaN($_) } | Sort-Object); $sorted[[int](($sorted.Count - 1) / 2)] }
foreach ($name in $shapes.Keys) {
    $cpuExcess = for ($i = 0; $i -lt $cpu[$name].Count; $i++) { $cpu[$name][$i] - $cpu['bare'][$i] }
    $wallExcess = for ($i = 0; $i -lt $wall[$name].Count; $i++) { $wall[$name][$i] - $wall['bare'][$i] }
    '{0,-9} CPU {1,5:N0} ms (+{2,4:N0} over bare)   wall {3,5:N0} ms (+{4,4:N0})' -f $name, (Get-Median $cpu[$name]), (Get-Median $cpuExcess), (Get-Median $wall[$name]), (Get-Median $wallExcess)
}
