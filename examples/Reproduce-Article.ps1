<#
.SYNOPSIS
    Reproduces the article's four experiments, and their .NET and PowerShell twins, with Compare-Strategy.

.DESCRIPTION
    Runs Compare-Strategy (Sequential, Threads, Processes) for the article's experiments — Loop, Csv, Matrix,
    Transfer — and for the twins LockedLoop, ScriptLoop and Sleep, with the article's 16 tasks. For each
    experiment it writes a timeline page (<Workload>.html) into -OutputFolder; at the end it writes results.md, a
    markdown table of every row with the machine it ran on. The StrategyResult objects go to the pipeline too, so
    the run can be piped on (Format-Table, Export-Csv).

    Each experiment is one Compare-Strategy: every pool started first, then one warm-up round and -Repeat timed
    rounds, each round running every strategy once in rotating order. With the defaults (5 timed rounds) it
    takes about 10 minutes on 2 cores. Below 4 repeats no winner can be named at 95 % confidence.

.PARAMETER Workers
    Workers for Threads and Processes. The default is the machine's logical core count.

.PARAMETER ThreadsPerWorker
    Threads in each worker process (the Processes strategy only). Default 1, as in the article's
    Client(processes=True, threads_per_worker=1).

.PARAMETER Tasks
    Tasks per run. Default 16, the article's.

.PARAMETER Repeat
    Timed runs per strategy; each row reports the lower median, with the speedup's 95 % interval. Default 5,
    Compare-Strategy's own.

.PARAMETER Size
    The workload's own size (see Get-Workload for its unit). By default each experiment's own; meant for a
    single -Workload.

.PARAMETER Workload
    The experiments to run, in order. Default: the article's four, then the twins.

.PARAMETER OutputFolder
    Where the timelines and results.md go. Created if missing; files in it are overwritten.

.PARAMETER ModulePath
    The module to import when ParallelCmdlets is not loaded yet. Default: out/ParallelCmdlets beside this
    script's folder, which './build.ps1 Build' lays out.

.EXAMPLE
    PS> dotnet pwsh ./build.ps1 Build
    PS> dotnet pwsh ./examples/Reproduce-Article.ps1 | Format-Table

    Runs every experiment with the defaults and shows the rows as a table; the timelines and results.md land in
    ./article-results.

.EXAMPLE
    PS> ./examples/Reproduce-Article.ps1 -Workload Loop, LockedLoop -Workers 3 -Repeat 4 -OutputFolder /tmp/locks

    Only the two loops, on three workers, four timed rounds: the quickest run that can still name a winner.

.OUTPUTS
    ParallelCmdlets.StrategyResult
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 1024)]
    [int] $Workers = [Environment]::ProcessorCount,

    [ValidateRange(1, 1024)]
    [int] $ThreadsPerWorker = 1,

    [ValidateRange(1, 100000)]
    [int] $Tasks = 16,

    # The workload's own size; by default each experiment's (Get-Workload). Meant for one -Workload at a time.
    [ValidateRange(1, [long]::MaxValue)]
    [long] $Size,

    [ValidateRange(1, 100)]
    [int] $Repeat = 5,

    [ValidateSet('Loop', 'Csv', 'Matrix', 'Transfer', 'LockedLoop', 'ScriptLoop', 'Sleep')]
    [string[]] $Workload = @('Loop', 'Csv', 'Matrix', 'Transfer', 'LockedLoop', 'ScriptLoop', 'Sleep'),

    [string] $OutputFolder = (Join-Path (Get-Location) 'article-results'),

    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/ParallelCmdlets')
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module ParallelCmdlets)) {
    if (-not (Test-Path (Join-Path $ModulePath 'ParallelCmdlets.psd1'))) {
        throw "ParallelCmdlets is not loaded and '$ModulePath' holds no module. Run './build.ps1 Build' first, or pass -ModulePath."
    }
    Import-Module $ModulePath
}
$OutputFolder = (New-Item -ItemType Directory -Force -Path $OutputFolder).FullName

# The article's wording for what each of its experiments does; the twins are ours.
$experiments = [ordered]@{
    Loop       = 'pure loop (article 1)'
    Csv        = 'load CSV files (article 2)'
    Matrix     = 'call that uses every core (article 3)'
    Transfer   = 'large array in and out (article 4)'
    LockedLoop = 'loop behind one lock (the GIL twin)'
    ScriptLoop = 'PowerShell script loop'
    Sleep      = 'waiting, no computing'
}

function Format-Duration([double] $Seconds) {
    if ($Seconds -ge 1) { '{0:0.00} s' -f $Seconds } else { '{0:0.0} ms' -f ($Seconds * 1000) }
}

$rows = [System.Collections.Generic.List[object]]::new()
# ThreadsPerWorker applies to the Processes row alone.
$compare = @{ Workers = $Workers; ThreadsPerWorker = $ThreadsPerWorker; Tasks = $Tasks; Repeat = $Repeat }
if ($PSBoundParameters.ContainsKey('Size')) { $compare.Size = $Size }
$step = 0
foreach ($name in $Workload) {
    Write-Progress -Id 1 -Activity 'Reproducing the article' -Status "$name ($($step + 1) of $($Workload.Count))" -PercentComplete (100 * $step / $Workload.Count)
    $step++
    $results = Compare-Strategy -Workload $name @compare
    $null = $results | Export-Timeline -Path (Join-Path $OutputFolder "$name.html") -Title "$name — $($experiments[$name])" -Force
    foreach ($result in $results) {
        $rows.Add($result)
        $result
    }
}
Write-Progress -Id 1 -Activity 'Reproducing the article' -Completed

$lines = @(
    "Measured on: $($rows[0].EnvironmentSummary)"
    ''
    "$Tasks tasks per run, $Workers workers$(if ($ThreadsPerWorker -gt 1) { " ($ThreadsPerWorker threads per worker process)" }), $Repeat timed rounds after one warm-up, strategies interleaved in rotating order; each experiment's default size (``Get-Workload``)."
    "Elapsed is the lower median run; the speedup's interval is at $($rows[0].ConfidenceLevel * 100) % confidence."
    ''
    '| experiment | strategy | elapsed | speedup (95 % interval) | task mean | task inflation | CPU | GC stopped tasks | data moved | verdict |'
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|'
)
$notes = [System.Collections.Generic.List[string]]::new()
foreach ($row in $rows) {
    $moved = if ($row.BytesMoved -gt 0) { '{0:0} MB in {1}' -f ($row.BytesMoved / 1MB), (Format-Duration $row.TransferSeconds) } else { '—' }
    $elapsed = Format-Duration $row.Elapsed
    # Bold only a winner the test could tell apart; a tie is marked as one.
    if ($row.Fastest) { $elapsed = "**$elapsed**" } elseif ($row.Tie) { $elapsed = "≈ $elapsed" }
    $speedup = '{0:0.00}×' -f $row.Speedup
    if ($null -ne $row.SpeedupLow -and $row.SpeedupHigh -gt $row.SpeedupLow) { $speedup += ' ({0:0.00}–{1:0.00})' -f $row.SpeedupLow, $row.SpeedupHigh }
    $lines += '| {0} — {1} | {2} | {3} | {4} | {5} | {6:0.00}× | {7:0} % | {8:0} % | {9} | {10} |' -f
        $row.Workload, $experiments[$row.Workload], $row.Strategy, $elapsed, $speedup, (Format-Duration $row.TaskMean),
        $row.TaskInflation, ($row.CpuUtilization * 100), ($row.GcPauseShare * 100), $moved, $row.Verdict
    foreach ($warning in $row.GetWarnings()) { $notes.Add("- $($row.Workload) $($row.Strategy): $warning") }
}
$lines += ''
$lines += 'Bold: the fastest strategy, faster than every other by more than 5 % with 95 % confidence (Mann–Whitney). ≈: a tie, within noise of the best. Timelines: ' + (($Workload | ForEach-Object { "[$_]($_.html)" }) -join ', ') + '.'
if ($notes.Count -gt 0) {
    $lines += ''
    $lines += 'Warnings the module gave with these numbers:'
    $lines += ''
    $lines += $notes
}
$tablePath = Join-Path $OutputFolder 'results.md'
$lines | Set-Content -Path $tablePath -Encoding utf8
Write-Verbose "Wrote $tablePath and $($Workload.Count) timelines in $OutputFolder"
Write-Information "Results: $tablePath" -InformationAction Continue
