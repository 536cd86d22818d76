<#
.SYNOPSIS
    Which PowerShell command should I use? Runs four kinds of task under every strategy: the module's own and
    PowerShell's tools (ForEach-Object -Parallel, Start-ThreadJob, Start-Job, a RunspacePool).

.DESCRIPTION
    Four kinds of task, each one Compare-Strategy -Strategy All on the same machine:
      Empty    an empty ScriptBlock: what each tool costs per task and nothing else;
      Cpu200ms a PowerShell loop of about 200 ms on this machine, one task at a time (calibrated first);
      Cpu10ms  the same loop with a twentieth of the steps (a loop of a few milliseconds does not time
               steadily enough to calibrate: PowerShell compiles it partway); the table gives what it took;
      Return10MB a task that returns a 10 MB byte array.
    For each it writes a timeline page (<Kind>.html) into -OutputFolder and, at the end, powershell-tools.md: per
    kind a heading and the module's markdown export (Export-Result -Path x.md): the machine, one row per strategy
    with the mean run, its 95 % interval, the speedup over one task at a time with its interval, and the verdict.
    Beside it: <Kind>.json, each kind's runs, from which `Import-Result <Kind>.json | Export-Result -Path x.md`
    writes its table again, and powershell-tools.json, every run for Import-Result, Compare-Result and
    Export-Report. The StrategyResult objects go to the pipeline too.

    Each kind is one Compare-Strategy -Strategy All (the tools as written and in their fixed form, beside the
    module's own) that measures until every mean is known within ±5 % and the decisions stop changing, or until
    -MaxSeconds (600 s by default: one round of Cpu200ms takes over a minute on 2 cores, the three in-process tools
    running the script dot-sourced). The short kinds settle in a few minutes; Cpu200ms takes most of the run, at
    most about half an hour in all. A kind whose first round shows it cannot fit is skipped with a warning.

.PARAMETER Kind
    The kinds of task to run, in order. Default: all four.

.PARAMETER Workers
    Workers, and -ThrottleLimit for the tools. Default 2.

.PARAMETER Tasks
    Tasks per run. Default 8.

.PARAMETER Repeat
    Timed runs per strategy, fixed. By default Compare-Strategy measures until the answer is known, or until
    -MaxSeconds.

.PARAMETER MaxSeconds
    Each kind's time budget, Compare-Strategy's -MaxSeconds. Default 600.

.PARAMETER OutputFolder
    Where the timelines and powershell-tools.md go. Created if missing; files in it are overwritten.

.PARAMETER ModulePath
    The module to import when ParallelCmdlets is not loaded yet. Default: out/ParallelCmdlets beside this
    script's folder, which './build.ps1 Build' lays out.

.EXAMPLE
    PS> dotnet pwsh ./build.ps1 Build
    PS> dotnet pwsh ./examples/Compare-PowerShellTools.ps1 | Format-Table

    Runs the four kinds with the defaults; the timelines and powershell-tools.md land in ./powershell-tools.

.EXAMPLE
    PS> ./examples/Compare-PowerShellTools.ps1 -Kind Empty, Cpu10ms -Repeat 4 -OutputFolder /tmp/tools

    Only the two short kinds, four timed rounds: the quickest run that can still name a winner.

.OUTPUTS
    ParallelCmdlets.StrategyResult
#>
[CmdletBinding()]
param(
    [ValidateSet('Empty', 'Cpu10ms', 'Cpu200ms', 'Return10MB')]
    [string[]] $Kind = @('Empty', 'Cpu10ms', 'Cpu200ms', 'Return10MB'),
    [ValidateRange(1, 1024)] [int] $Workers = 2,
    [ValidateRange(1, 100000)] [int] $Tasks = 8,
    [ValidateRange(1, 1000)] [int] $Repeat,
    [ValidateRange(10, 86400)] [double] $MaxSeconds = 600,
    [string] $OutputFolder = (Join-Path (Get-Location) 'powershell-tools'),
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/ParallelCmdlets')
)
$ErrorActionPreference = 'Stop'
if (-not (Get-Module ParallelCmdlets)) {
    if (-not (Test-Path $ModulePath)) {
        throw "ParallelCmdlets is not loaded and '$ModulePath' holds no module. Run './build.ps1 Build' first, or pass -ModulePath."
    }
    Import-Module $ModulePath
}
$OutputFolder = (New-Item -ItemType Directory -Force -Path $OutputFolder).FullName

$loop = { param($n) $s = 0; foreach ($i in 1..$n) { $s += $i }; $s }

function Get-LoopSize([double] $Seconds) {
    # One task at a time in a warm runspace, as Compare-Strategy's baseline runs it; the loop's time per step
    # falls as PowerShell compiles it, so the first estimate is measured again at its own size and scaled once more.
    $steps = 200000
    foreach ($pass in 1, 2, 3) {
        $result = Measure-Strategy -ScriptBlock $loop -ArgumentList $steps -Strategy Sequential -Tasks 8 -Warmup 2 -Repeat 3 -WarningAction SilentlyContinue
        $took = ($result.GetTaskRecords() | ForEach-Object Compute | Sort-Object)[3]
        $steps = [int]([math]::Max(1000, [math]::Round($steps * $Seconds / $took / 1000) * 1000))
    }
    $steps
}

# Calibrated at 200 ms, where the loop's time is steady; a loop of a few milliseconds is not (PowerShell
# compiles it partway), so the 10 ms task is a twentieth of the steps and the table gives what it took alone.
$steps200 = Get-LoopSize 0.200
$steps = [int]([math]::Round($steps200 / 20 / 1000) * 1000)
$kinds = [ordered]@{
    Empty      = @{ ScriptBlock = {}; ArgumentList = @(); Text = 'an empty task, { }' }
    Cpu10ms    = @{ ScriptBlock = $loop; ArgumentList = @($steps); Text = "a 10 ms CPU task, a PowerShell loop of $steps steps (a twentieth of Cpu200ms)" }
    Cpu200ms   = @{ ScriptBlock = $loop; ArgumentList = @($steps200); Text = "a 200 ms CPU task, the loop with $steps200 steps (calibrated one task at a time)" }
    Return10MB = @{ ScriptBlock = { , [byte[]]::new(10MB) }; ArgumentList = @(); Text = 'a task returning 10 MB, { ,[byte[]]::new(10MB) }' }
}

$rows = [System.Collections.Generic.List[object]]::new()
$step = 0
foreach ($name in $Kind) {
    $k = $kinds[$name]
    Write-Progress -Id 1 -Activity 'Comparing PowerShell''s tools' -Status "$name ($($step + 1) of $($Kind.Count))" -PercentComplete (100 * $step / $Kind.Count)
    $step++
    $sampling = @{ MaxSeconds = $MaxSeconds }
    if ($PSBoundParameters.ContainsKey('Repeat')) { $sampling.Repeat = $Repeat }
    # A kind refused for its budget (its first round showed it cannot fit) is skipped with the reason; the others
    # still run and are written.
    try { $results = Compare-Strategy -ScriptBlock $k.ScriptBlock -ArgumentList $k.ArgumentList -Strategy All -Tasks $Tasks -Workers $Workers @sampling }
    catch [ParallelCmdlets.Measurement.OverBudgetException] {
        Write-Warning "${name}: skipped: $($_.Exception.Message)"
        continue
    }
    $null = $results | Export-Timeline -Path (Join-Path $OutputFolder "$name.html") -Title "$name — $($k.Text)" -Force
    foreach ($result in $results) {
        $rows.Add([pscustomobject]@{ Kind = $name; Result = $result })
        $result
    }
}
Write-Progress -Id 1 -Activity 'Comparing PowerShell''s tools' -Completed

# Each kind's table is the module's markdown export under a heading that names the task, written from the kind's
# own saved runs (<Kind>.json), so `Import-Result <Kind>.json | Export-Result -Path x.md` writes it again;
# powershell-tools.json keeps every run for Import-Result, Compare-Result and Export-Report.
$sections = foreach ($name in $Kind) {
    $tablePath = Join-Path $OutputFolder "$name.md"
    $kindRows = $rows | Where-Object Kind -EQ $name | ForEach-Object Result
    $null = $kindRows | Export-Result -Path (Join-Path $OutputFolder "$name.json") -Force
    $null = $kindRows | Export-Result -Path $tablePath -Force
    "## ${name}: $($kinds[$name].Text)"
    ''
    Get-Content -Raw $tablePath
    Remove-Item $tablePath
}
$tablePath = Join-Path $OutputFolder 'powershell-tools.md'
$sections | Set-Content -Path $tablePath -Encoding utf8
$null = $rows.Result | Export-Result -Path (Join-Path $OutputFolder 'powershell-tools.json') -Force
Write-Information "Results: $tablePath" -InformationAction Continue
