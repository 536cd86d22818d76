<#
.SYNOPSIS
    Reproduces the article's four experiments, and their .NET and PowerShell twins, with Compare-Strategy.

.DESCRIPTION
    Runs Compare-Strategy (Sequential, Threads, Processes) for the article's experiments — Loop, Csv, Matrix,
    Transfer — and for the twins LockedLoop, ScriptLoop and Sleep, with the article's 16 tasks. For each
    experiment it writes a timeline page (<Workload>.html) into -OutputFolder; at the end Export-Result writes
    results.md (the module's markdown tables, one per experiment, with the machine it ran on) and results.json (every
    run, for Import-Result and Compare-Result), and Export-Report writes report.html. The StrategyResult objects go to the pipeline too, so
    the run can be piped on (Format-Table, Export-Csv).

    Each experiment is one Compare-Strategy: every pool started first, then warm-up rounds until the runs stop
    falling, then timed rounds, each round running every strategy once in rotating order, until every mean is known
    within ±5 % and the decisions stop changing, or until the experiment's -MaxSeconds. With the defaults it takes
    at most about 36 minutes on 2 cores (7 experiments of at most 300 s, plus starting the pools), less when the
    experiments settle sooner. An experiment whose first round shows it cannot fit its budget is skipped with a
    warning that says what it would take. -Repeat fixes the count instead; below 4 repeats no winner can be named
    at 95 % confidence.

.PARAMETER Workers
    Workers for Threads and Processes. The default is the machine's logical core count.

.PARAMETER ThreadsPerWorker
    Threads in each worker process (the Processes strategy only). Default 1, as in the article's
    Client(processes=True, threads_per_worker=1).

.PARAMETER Tasks
    Tasks per run. Default 16, the article's.

.PARAMETER Repeat
    Timed runs per strategy, fixed. By default Compare-Strategy measures until the answer is known (or its budget
    is spent); each row reports the mean run, with the speedup's 95 % interval.

.PARAMETER MaxSeconds
    Each experiment's time budget, Compare-Strategy's -MaxSeconds. Default 300: enough for the slowest default
    experiments (Matrix and LockedLoop, 25–35 s a round on 2 cores) to warm up and reach the runs a comparison
    needs.

.PARAMETER Size
    The workload's own size (see Get-Workload for its unit). By default each experiment's own; meant for a
    single -Workload.

.PARAMETER Workload
    The experiments to run, in order. Default: the article's four, then the twins.

.PARAMETER OutputFolder
    Where the timelines, results.md, results.json and report.html go. Created if missing; files in it are overwritten.

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
    [int] $Repeat,

    [ValidateRange(10, 86400)]
    [double] $MaxSeconds = 300,

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

$rows = [System.Collections.Generic.List[object]]::new()
# ThreadsPerWorker applies to the Processes row alone.
$compare = @{ Workers = $Workers; ThreadsPerWorker = $ThreadsPerWorker; Tasks = $Tasks; MaxSeconds = $MaxSeconds }
if ($PSBoundParameters.ContainsKey('Repeat')) { $compare.Repeat = $Repeat }
if ($PSBoundParameters.ContainsKey('Size')) { $compare.Size = $Size }
$step = 0
foreach ($name in $Workload) {
    Write-Progress -Id 1 -Activity 'Reproducing the article' -Status "$name ($($step + 1) of $($Workload.Count))" -PercentComplete (100 * $step / $Workload.Count)
    $step++
    # An experiment refused for its budget (its pilot round showed it cannot fit) is skipped with the reason, and
    # the others still run and are written.
    try { $results = Compare-Strategy -Workload $name @compare }
    catch [ParallelCmdlets.Measurement.OverBudgetException] {
        Write-Warning "${name}: skipped: $($_.Exception.Message)"
        continue
    }
    $null = $results | Export-Timeline -Path (Join-Path $OutputFolder "$name.html") -Title "$name — $($experiments[$name])" -Force
    foreach ($result in $results) {
        $rows.Add($result)
        $result
    }
}
Write-Progress -Id 1 -Activity 'Reproducing the article' -Completed

# The tables are the module's markdown export, one per experiment; results.json keeps every run for
# Import-Result, Compare-Result and Export-Report.
$null = $rows | Export-Result -Path (Join-Path $OutputFolder 'results.json') -Force
$null = $rows | Export-Result -Path (Join-Path $OutputFolder 'results.md') -Force
$null = $rows | Export-Report -Path (Join-Path $OutputFolder 'report.html') -Title 'Threads or processes: the article''s experiments' -Force
Write-Verbose "Wrote results.md, results.json, report.html and $($Workload.Count) timelines in $OutputFolder"
Write-Information "Results: $(Join-Path $OutputFolder 'results.md')" -InformationAction Continue
