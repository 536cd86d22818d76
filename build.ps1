<#
.SYNOPSIS
    Builds, tests, benchmarks and demonstrates ParallelCmdlets.
.DESCRIPTION
    Every task lays the module out in one importable folder, out/ParallelCmdlets, and works against it.
    Run with `dotnet tool restore && dotnet pwsh ./build.ps1 <Task>`; nothing else needs installing.
.EXAMPLE
    dotnet pwsh ./build.ps1 Test
.EXAMPLE
    dotnet pwsh ./build.ps1 Test -Tag Experiment
.EXAMPLE
    dotnet pwsh ./build.ps1 Test -Path ./Lock.Tests.ps1
.EXAMPLE
    dotnet pwsh ./build.ps1 Test -Repeat 5
#>
[CmdletBinding()]
param(
    # Build | Test | Bench | Demo | Package | Clean
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Bench', 'Demo', 'Package', 'Clean')]
    [string] $Task = 'Build',

    # Pester tags to run instead of the default set (Test only), for example Experiment; xunit runs its tests of
    # the same Category trait.
    [string[]] $Tag,

    # Pester files or folders to run against the built module instead of the suite (Test only): your own
    # experiments, whatever their tags. xunit is not run.
    [string[]] $Path,

    # Runs the tests this many times, each from a clean results folder, and lists every test that failed in any
    # run with its messages (Test only): the flake finder.
    [ValidateRange(1, 100)]
    [int] $Repeat = 1,

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Where Package writes ParallelCmdlets.<version>.nupkg (Package only).
    [string] $PackagePath = (Join-Path $PSScriptRoot 'out/package')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'ParallelCmdlets'
$stamp = Join-Path $out '.build-stamp'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

# The files an importable module folder must hold; Build fails if any is missing.
$expectedFiles = @(
    'ParallelCmdlets.psd1'
    'ParallelCmdlets.dll'
    'ParallelCmdlets.Core.dll'
    'ParallelCmdlets.Worker.dll'
    'ParallelCmdlets.Worker.runtimeconfig.json'
    'MathNet.Numerics.dll'
    'Sep.dll'
    'ParallelCmdlets.Format.ps1xml'
    'ParallelCmdlets.Worker.ps1'
    'en-US/ParallelCmdlets.dll-Help.xml'
    'en-US/about_ParallelCmdlets.help.txt'
)

function Invoke-Native {
    # Runs a native command and throws when it fails, since $ErrorActionPreference does not cover exit codes.
    param([string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-PwshPath {
    # A fresh pwsh from the installation running this script (under `dotnet pwsh`, $PSHOME is in the NuGet cache).
    $name = if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }
    Join-Path $PSHOME $name
}

function Test-UpToDate {
    # Skips the .NET build when no source, module or project file changed since the last one.
    if (-not (Test-Path $stamp)) { return $false }
    $built = (Get-Item -Force $stamp).LastWriteTimeUtc
    $inputs = @(Get-ChildItem -Recurse -File (Join-Path $root 'src'), (Join-Path $root 'module') |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
    $inputs += Get-Item (Join-Path $root 'ParallelCmdlets.psd1'), (Join-Path $root 'Directory.Build.props'), $PSCommandPath
    -not ($inputs | Where-Object LastWriteTimeUtc -gt $built)
}

function Assert-NoReferenceAssembly {
    # A reference assembly is a compile-time stub: shipped, it is loaded instead of the real one and fails at run time.
    $found = @(& (Join-Path $root 'tools/Find-ReferenceAssembly.ps1') -Path $moduleOut)
    if ($found) {
        throw "Reference assemblies must not ship in the module folder: $($found -join ', '). Reference their package with ExcludeAssets=""runtime"" (compile only), then run ./build.ps1 Clean and Build."
    }
}

# Build: compiles the cmdlets, core and worker and lays out out/ParallelCmdlets, ready for Import-Module.
function Invoke-Build {
    if ((Test-UpToDate) -and -not ($expectedFiles | Where-Object { -not (Test-Path (Join-Path $moduleOut $_)) })) {
        Assert-NoReferenceAssembly
        Write-Host "Build: up to date ($moduleOut)"
        return
    }
    # Laid out afresh, so a file an earlier build left behind never ships.
    if (Test-Path $moduleOut) { Remove-Item -Recurse -Force $moduleOut }
    New-Item -ItemType Directory -Force $moduleOut | Out-Null
    foreach ($project in 'src/ParallelCmdlets.Worker/ParallelCmdlets.Worker.csproj', 'src/ParallelCmdlets/ParallelCmdlets.csproj') {
        Invoke-Native dotnet @('build', (Join-Path $root $project), '-c', $Configuration, '-o', $moduleOut, '--nologo', '-v', 'q', '-clp:ErrorsOnly')
    }
    Copy-Item (Join-Path $root 'module/*') $moduleOut -Recurse -Force
    # Stamp the version from Directory.Build.props into the built manifest.
    $version = ([xml](Get-Content -Raw (Join-Path $root 'Directory.Build.props'))).Project.PropertyGroup.Version | Select-Object -First 1
    $manifest = Get-Content -Raw (Join-Path $root 'ParallelCmdlets.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'"
    Set-Content -Path (Join-Path $moduleOut 'ParallelCmdlets.psd1') -Value $manifest -NoNewline
    foreach ($file in $expectedFiles) {
        if (-not (Test-Path (Join-Path $moduleOut $file))) { throw "Expected file was not created: $file" }
    }
    Assert-NoReferenceAssembly
    Set-Content -Path $stamp -Value (Get-Date -Format o)
    Write-Host "Build: $moduleOut (version $version)"
}

function Get-PesterPath {
    # Pester comes from NuGet (there is no PowerShell Gallery here): restoring tools/Tools.csproj downloads it.
    Invoke-Native dotnet @('restore', (Join-Path $root 'tools/Tools.csproj'), '--nologo', '-v', 'q')
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $path = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 5.7.1 was not found at $path after restore." }
    $path
}

# Test: Build, then the xunit suite, then Pester in a fresh pwsh against out/; ends with one 'Tests:' line.
# With -Path, only those Pester files; with -Repeat, the whole run that many times and the tests that failed in any.
function Invoke-Test {
    Invoke-Build
    $runs = @(foreach ($run in 1..$Repeat) {
            if ($Repeat -gt 1) { Write-Host "== Test run $run of $Repeat" }
            $counts = Invoke-TestRun
            Write-Host "Run $($run): $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped"
            $counts
        })
    $passed = ($runs | Measure-Object -Property Passed -Sum).Sum
    $failed = ($runs | Measure-Object -Property Failed -Sum).Sum
    $skipped = ($runs | Measure-Object -Property Skipped -Sum).Sum
    # Repeated here because a CI log is often read from its tail.
    foreach ($name in $runs[-1].SkippedNames) { if ($name) { Write-Host "SKIPPED $name" } }
    if ($Repeat -gt 1) {
        # The flake finder's answer: every test that failed in any run, how often, and each distinct message.
        $failures = @($runs | ForEach-Object { $_.Failures } | Group-Object Name | Sort-Object Count -Descending)
        if ($failures) {
            Write-Host "Failed in $($Repeat) runs:"
            foreach ($group in $failures) {
                Write-Host "FAILED $($group.Name): $($group.Count) of $Repeat runs"
                $group.Group.Message | Select-Object -Unique | ForEach-Object { Write-Host "    $_" }
            }
        }
        else { Write-Host "No test failed in $Repeat runs." }
    }
    else {
        foreach ($failure in $runs[0].Failures) { Write-Host "FAILED $($failure.Name): $($failure.Message)" }
    }
    Write-Host "Tests: $passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-TestRun {
    # One run of the tests from a clean results folder; returns its counts, failures (name and first message line)
    # and skipped tests with their reasons.
    # Your own experiments (-Path) keep their results apart: they may run while the suite runs, from inside it.
    $results = Join-Path $out $(if ($Path) { 'experiment-results' } else { 'test-results' })
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    New-Item -ItemType Directory -Force $results | Out-Null

    $xunit = @{ Passed = 0; Failed = 0; Skipped = 0; Failures = @(); SkippedNames = @() }
    if (-not $Path) {
        $trx = Join-Path $results 'xunit.trx'
        # Experiments measure the machine, not the code: they run only when asked for by tag.
        $filter = if ($Tag) { ($Tag | ForEach-Object { "Category=$_" }) -join '|' } else { 'Category!=Experiment' }
        & dotnet test (Join-Path $root 'tests/ParallelCmdlets.Tests/ParallelCmdlets.Tests.csproj') -c $Configuration --nologo `
            --filter $filter --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal' | Out-Host
        $xunitExit = $LASTEXITCODE
        if (Test-Path $trx) {
            $run = ([xml](Get-Content -Raw $trx)).TestRun
            $counters = $run.ResultSummary.Counters
            $unitResults = @($run.Results.UnitTestResult)
            $xunit.Failures = @($unitResults | Where-Object outcome -ne 'Passed' | Where-Object outcome -ne 'NotExecuted' |
                ForEach-Object { [pscustomobject]@{ Name = $_.testName; Message = ("$($_.Output.ErrorInfo.Message)" -split "`n")[0] } })
            # Counted from the results: the trx counter notExecuted stays 0 for skipped xunit tests.
            $skippedResults = @($unitResults | Where-Object outcome -eq 'NotExecuted')
            $xunit.SkippedNames = @($skippedResults | ForEach-Object { "$($_.testName): $("$($_.Output.ErrorInfo.Message)".Trim())" })
            $xunit.Passed = [int]$counters.passed
            $xunit.Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout
            $xunit.Skipped = $skippedResults.Count
        }
        # A filter that selects nothing (an experiment tag with no xunit test) is not a failure.
        elseif ($xunitExit -ne 0) { $xunit.Failed = 1; $xunit.Failures = @([pscustomobject]@{ Name = 'xunit'; Message = "dotnet test exited with $xunitExit and wrote no results" }) }
        if ($xunitExit -ne 0 -and $xunit.Failed -eq 0 -and $xunit.Passed + $xunit.Skipped -gt 0) {
            $xunit.Failed = 1; $xunit.Failures = @([pscustomobject]@{ Name = 'xunit'; Message = "dotnet test exited with $xunitExit" })
        }
    }

    $pesterJson = Join-Path $results 'pester.json'
    $runner = Join-Path $root 'tests/Run-Pester.ps1'
    $arguments = @('-NoProfile', '-NonInteractive', '-File', $runner, '-ModulePath', $moduleOut, '-PesterPath', (Get-PesterPath), '-ResultPath', $pesterJson)
    if ($Tag) { $arguments += @('-Tag', ($Tag -join ',')) }
    if ($Path) { $arguments += @('-TestPath', (($Path | ForEach-Object { (Resolve-Path $_).Path }) -join [IO.Path]::PathSeparator)) }
    & (Get-PwshPath) @arguments | Out-Host
    # When the Pester process died before writing its counts, say so as one failure rather than fail to print the totals.
    $pester = @{ Passed = 0; Failed = 1; Skipped = 0; SkippedNames = @()
        Failures = @([pscustomobject]@{ Name = 'Pester'; Message = 'the test process ended without writing its results' }) }
    if (Test-Path $pesterJson) {
        $read = Get-Content -Raw $pesterJson | ConvertFrom-Json
        $pester = @{ Passed = $read.Passed; Failed = $read.Failed; Skipped = $read.Skipped; SkippedNames = @($read.SkippedNames)
            Failures = @($read.Failures | Where-Object { $_ } | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Message = $_.Message } }) }
    }
    [pscustomobject]@{
        Passed       = $xunit.Passed + $pester.Passed
        Failed       = $xunit.Failed + $pester.Failed
        Skipped      = $xunit.Skipped + $pester.Skipped
        Failures     = @($xunit.Failures) + @($pester.Failures)
        SkippedNames = @($xunit.SkippedNames) + @($pester.SkippedNames)
    }
}

# Bench: runs the executors beside raw baselines in one process and writes bench/results.md.
function Invoke-Bench {
    Invoke-Build
    Invoke-Native dotnet @('run', '--project', (Join-Path $root 'bench/ParallelCmdlets.Bench/ParallelCmdlets.Bench.csproj'), '-c', 'Release', '--',
        '--module', $moduleOut, '--pwsh', (Get-PwshPath), '--output', (Join-Path $root 'bench/results.md'))
}

# Demo: the module's main job, Compare-Strategy on every built-in workload, printed as tables with their warnings.
function Invoke-Demo {
    Invoke-Build
    # Eight tasks and smaller sizes, and a -MaxSeconds per workload that add up to three minutes, keep the whole
    # demo within about three minutes on two cores. Each comparison measures until its means are within ±5 % or
    # its budget is spent; a warning says when the budget decided the precision, and which -Repeat and -MaxSeconds
    # would reach it. A comparison refused as over its budget (a busy machine) is reported and the demo goes on.
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$moduleOut'
Get-Workload | Format-Table
`$sizes = @{ Loop = 50000000; Csv = 250000; Matrix = 700; Transfer = 10000; LockedLoop = 10000000; ScriptLoop = 3000000; Sleep = 100 }
`$budgets = @{ Loop = 25; Csv = 40; Matrix = 25; Transfer = 30; LockedLoop = 20; ScriptLoop = 30; Sleep = 10 }
foreach (`$workload in Get-Workload) {
    Write-Host "== `$(`$workload.Name) (size `$(`$sizes[`$workload.Name]) `$(`$workload.SizeUnit), 8 tasks): `$(`$workload.Description)"
    try { `$results = Compare-Strategy -Workload `$workload.Name -Size `$sizes[`$workload.Name] -Tasks 8 -MaxSeconds `$budgets[`$workload.Name] }
    catch { if (`$_.FullyQualifiedErrorId -notlike 'OverBudget,*') { throw }; Write-Host "   refused: `$(`$_.Exception.Message)``n"; continue }
    `$results | Format-Table
    Write-Host ("   precision reached (±5 % asked): " + ((`$results | ForEach-Object { '{0} ±{1:0.#} % in {2} runs' -f `$_.Strategy, (`$_.Precision * 100), `$_.Repeat }) -join ', ') + "; stopped: `$(`$results[0].StopReason)``n")
}
"@
    & (Get-PwshPath) -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE -ne 0) { throw "Demo failed with exit code $LASTEXITCODE." }
}

# Package: Build, then ParallelCmdlets.<version>.nupkg from out/ParallelCmdlets into -PackagePath, with PSResourceGet.
function Invoke-Package {
    Invoke-Build
    $package = & (Join-Path $root 'tools/New-ModulePackage.ps1') -ModulePath $moduleOut -ChangeLogPath (Join-Path $root 'CHANGELOG.md') `
        -DestinationPath $PackagePath -PwshPath (Get-PwshPath)
    Write-Host "Package: $($package.FullName)"
}

# Clean: removes out/ and every bin/ and obj/ folder.
function Invoke-Clean {
    foreach ($path in @($out) + @(Get-ChildItem -Path $root -Recurse -Directory -Include bin, obj | ForEach-Object FullName)) {
        if (Test-Path $path) { Remove-Item -Recurse -Force $path }
    }
    Write-Host 'Clean: removed out/, bin/ and obj/'
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Bench' { Invoke-Bench }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
    'Clean' { Invoke-Clean }
}
