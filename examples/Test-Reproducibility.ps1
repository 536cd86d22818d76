<#
.SYNOPSIS
    Asks the same comparison several times in a row and reports whether the answers agree.

.DESCRIPTION
    For each workload, runs Compare-Strategy -Count times with the same settings (the Demo's by default: 8 tasks
    and its sizes) and reports, per workload: whether every invocation made the same decision (the same winner,
    the same tie, or "did not settle"), whether each strategy's speedup intervals overlap across the invocations,
    the widest interval (its high end over its low end), how many runs each took and why it stopped. The workload
    reproduces when the decisions agree, the intervals overlap and no interval spans more than twice its low end,
    or when every invocation says plainly that it did not settle.

    The summary objects go to the pipeline; -OutputPath writes them as a markdown table too, with the machine
    they ran on.

.PARAMETER Workload
    The workloads to ask about. Default: every built-in workload.

.PARAMETER Count
    Invocations per workload. Default 3.

.PARAMETER MaxSeconds
    Compare-Strategy's -MaxSeconds for each invocation. Default: Compare-Strategy's own.

.PARAMETER OutputPath
    A markdown file to write the summary to.

.EXAMPLE
    ./examples/Test-Reproducibility.ps1 -Workload Transfer, Csv

    Three Transfer comparisons and three Csv comparisons in a row, at the Demo's sizes, and whether each agrees.
#>
[CmdletBinding()]
param(
    [string[]] $Workload,
    [ValidateRange(2, 20)] [int] $Count = 3,
    [double] $MaxSeconds,
    [hashtable] $Size = @{ Loop = 50000000; Csv = 250000; Matrix = 700; Transfer = 10000; LockedLoop = 10000000; ScriptLoop = 3000000; Sleep = 100 },
    [int] $Tasks = 8,
    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module ParallelCmdlets)) { Import-Module (Join-Path $PSScriptRoot '../out/ParallelCmdlets') }
if (-not $Workload) { $Workload = (Get-Workload).Name }

function Get-Decision([object[]] $Results) {
    $fastest = @($Results | Where-Object Fastest)
    if ($fastest) { return "fastest: $($fastest.Strategy -join ', ')" }
    $tied = @($Results | Where-Object Tie)
    if ($tied) { return "tie: $($tied.Strategy -join ', ')" }
    if ($Results | Where-Object { -not $_.Settled }) { return 'did not settle' }
    'none'
}

$summaries = foreach ($name in $Workload) {
    $invocations = for ($k = 1; $k -le $Count; $k++) {
        $parameters = @{ Workload = $name; Tasks = $Tasks; WarningAction = 'SilentlyContinue' }
        if ($Size.ContainsKey($name)) { $parameters.Size = $Size[$name] }
        if ($MaxSeconds) { $parameters.MaxSeconds = $MaxSeconds }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $results = @(Compare-Strategy @parameters)
        [pscustomobject]@{ Results = $results; Decision = Get-Decision $results; Seconds = $watch.Elapsed.TotalSeconds }
        Write-Verbose "$name #$k ($([math]::Round($watch.Elapsed.TotalSeconds)) s): $(Get-Decision $results)"
    }
    $strategies = $invocations[0].Results | Where-Object Strategy -NE 'Sequential' | ForEach-Object { [ParallelCmdlets.TransferModes]::Name($_.Strategy, $_.TransferMode) }
    $overlap = $true
    $rows = foreach ($strategy in $strategies) {
        $mine = $invocations | ForEach-Object { $_.Results | Where-Object { [ParallelCmdlets.TransferModes]::Name($_.Strategy, $_.TransferMode) -eq $strategy } }
        $withInterval = @($mine | Where-Object { $null -ne $_.SpeedupLow -and $null -ne $_.SpeedupHigh })
        # Intervals overlap when the highest low end is below the lowest high end.
        if ($withInterval.Count -eq $mine.Count -and $withInterval.Count -gt 0) {
            if (($withInterval.SpeedupLow | Measure-Object -Maximum).Maximum -gt ($withInterval.SpeedupHigh | Measure-Object -Minimum).Minimum) { $overlap = $false }
        }
        else { $overlap = $false }
        '{0} {1}' -f $strategy, (($mine | ForEach-Object { '{0:0.00}× ({1:0.00}–{2:0.00}, {3} runs)' -f $_.Speedup, $_.SpeedupLow, $_.SpeedupHigh, $_.Repeat }) -join ' / ')
    }
    $widest = ($invocations.Results | Where-Object { $_.SpeedupLow -gt 0 } | ForEach-Object { $_.SpeedupHigh / $_.SpeedupLow } | Measure-Object -Maximum).Maximum
    $decisions = @($invocations.Decision)
    $same = @($decisions | Select-Object -Unique).Count -eq 1
    $unsettled = $decisions -contains 'did not settle'
    [pscustomobject]@{
        Workload       = $name
        Decisions      = $decisions -join ' / '
        SameDecision   = $same
        Overlap        = $overlap
        WidestInterval = [math]::Round($widest, 2)
        Reproduces     = $same -and (($overlap -and $widest -le 2) -or $unsettled)
        Speedups       = $rows -join '; '
        StopReasons    = ($invocations | ForEach-Object { ($_.Results.StopReason | Select-Object -Unique) -join ',' }) -join ' / '
        Seconds        = ($invocations | ForEach-Object { [math]::Round($_.Seconds) }) -join ' / '
    }
}
$summaries

if ($OutputPath) {
    $environment = $invocations[-1].Results[0].EnvironmentSummary
    $lines = @('# Reproducibility: the same comparison asked several times in a row', '',
        "Each workload: Compare-Strategy -Tasks $Tasks at the Demo's sizes, $Count times in a row. $environment", '',
        '| workload | decisions | same | intervals overlap | widest (high/low) | reproduces | speedups (interval, runs) | stopped | seconds |',
        '|---|---|---|---|---:|---|---|---|---|')
    $lines += $summaries | ForEach-Object { "| $($_.Workload) | $($_.Decisions) | $($_.SameDecision) | $($_.Overlap) | $($_.WidestInterval) | $($_.Reproduces) | $($_.Speedups) | $($_.StopReasons) | $($_.Seconds) |" }
    Set-Content -Path $OutputPath -Value $lines
}
