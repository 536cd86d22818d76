# Before and after: two real runs of the same code are the same; a baseline made 30 % faster is a significant
# slowdown, and -FailOnRegression (and the README's Pester recipe) fails on it.
BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . $PSScriptRoot/TestHelpers.ps1
    $root = Get-RepositoryRoot
    $pwsh = Get-PwshPath
    # Sleep waits on a timer: its time barely moves with the machine's load, so two runs are the same on any machine.
    # 300 ms tasks keep a few milliseconds of scheduling delay far below the 5 % a change must exceed. One warm-up:
    # a sleep has nothing to warm, and the test is about the comparison of two result sets.
    $script:settings = @{ Workload = 'Sleep'; Size = 300; Tasks = 4; Workers = 2; Repeat = 5; Warmup = 1; WarningAction = 'SilentlyContinue' }
    $script:first = Compare-Strategy @settings
    $script:second = Compare-Strategy @settings
    $script:baselineFile = Join-Path $TestDrive 'baseline.json'
    $first | Export-Result -Path $baselineFile | Out-Null

    # The saved baseline with every run 30 % faster than it was: what the code did before a regression.
    $script:fasterFile = Join-Path $TestDrive 'faster.json'
    $document = Get-Content -Raw $baselineFile | ConvertFrom-Json -Depth 32
    foreach ($result in $document.Results) {
        $result.Elapsed *= 0.7
        foreach ($run in $result.Runs) { $run.Elapsed *= 0.7 }
    }
    $document | ConvertTo-Json -Depth 32 | Set-Content $fasterFile
}

Describe 'Compare-Result' {
    It 'says Same for every row of two real runs of the same code' {
        $rows = Compare-Result -Baseline $first -Current $second
        @($rows).Count | Should -Be 3
        $rows | ForEach-Object { $_ | Should -BeOfType [ParallelCmdlets.Reports.ResultComparison] }
        $rows.Strategy | Should -Be 'Sequential', 'Threads', 'Processes'
        $rows | ForEach-Object { $_.Change | Should -Be 'Same' -Because $_.Summary }
    }

    It 'reads the baseline from a saved file and the current results from the pipeline' {
        $rows = $second | Compare-Result -Baseline $baselineFile
        @($rows).Count | Should -Be 3
        $rows | ForEach-Object { $_.BaselineRuns | Should -Be 5; $_.CurrentRuns | Should -Be 5 }
        $rows | ForEach-Object { $_.Change | Should -Be 'Same' -Because $_.Summary }
    }

    It 'reports a significant slowdown against a baseline whose runs were 30 % faster, with the ratio and its interval' {
        $rows = $second | Compare-Result -Baseline $fasterFile
        foreach ($row in $rows) {
            $row.Change | Should -Be 'Slower' -Because $row.Summary
            $row.IsRegression | Should -BeTrue
            $row.Ratio | Should -BeGreaterThan 1.3
            $row.RatioLow | Should -BeLessOrEqual $row.Ratio
            $row.RatioHigh | Should -BeGreaterOrEqual $row.Ratio
            $row.Summary | Should -Match '^slower: '
        }
    }

    It 'ends with a terminating Regression error under -FailOnRegression, after writing the rows' {
        $written = [System.Collections.Generic.List[object]]::new()
        { $second | Compare-Result -Baseline $fasterFile -FailOnRegression | ForEach-Object { $written.Add($_) } } |
            Should -Throw -ErrorId 'Regression,ParallelCmdlets.Commands.CompareResultCommand'
        $written.Count | Should -Be 3
        { $second | Compare-Result -Baseline $baselineFile -FailOnRegression } | Should -Not -Throw
    }

    It 'shows in a table view' {
        $text = Compare-Result -Baseline $first -Current $second | Out-String -Width 120
        $text | Should -Match 'Change'
        $text | Should -Match 'Same'
    }

    It 'warns when the environments differ, naming what differs' {
        $other = Join-Path $TestDrive 'other-machine.json'
        $document = Get-Content -Raw $baselineFile | ConvertFrom-Json -Depth 32
        foreach ($result in $document.Results) { $result.Environment.Runtime = '.NET 8.0.0'; $result.Environment.LogicalCores = 64 }
        $document | ConvertTo-Json -Depth 32 | Set-Content $other
        $null = $second | Compare-Result -Baseline $other -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join "`n") | Should -Match 'runtime: \.NET 8\.0\.0 in the baseline'
        ($warnings -join "`n") | Should -Match 'cores: 64'
    }

    It 'warns about rows it cannot match, and refuses when none match' {
        $threads = $second | Where-Object Strategy -EQ Threads
        $null = $threads | Compare-Result -Baseline $first -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join "`n") | Should -Match 'Only in the baseline, not compared: Sleep Sequential'
        $other = Measure-Strategy -Workload Sleep -Size 10 -Tasks 2 -Strategy Threads -Workers 1 -Repeat 1 -Warmup 0 -WarningAction SilentlyContinue
        { $other | Compare-Result -Baseline $first -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'NothingMatched,ParallelCmdlets.Commands.CompareResultCommand'
    }

    It 'refuses an empty baseline' {
        { $second | Compare-Result -Baseline @() -ErrorAction Stop } | Should -Throw
    }
}

Describe 'The README''s regression recipe' {
    BeforeAll {
        # The recipe as the README shows it, run by Pester in a fresh pwsh.
        $readme = Get-Content -Raw (Join-Path $root 'README.md')
        $recipe = [regex]::Match($readme, '(?s)<!-- regression recipe -->\s*```powershell\n(.*?)```').Groups[1].Value
        $script:recipeFolder = Join-Path $TestDrive 'recipe'
        New-Item -ItemType Directory $recipeFolder | Out-Null
        Set-Content (Join-Path $recipeFolder 'Performance.Tests.ps1') $recipe

        function script:Invoke-Recipe {
            $pester = (Get-Module Pester).Path
            # The recipe imports the module by name, as an installed one: the module under test's folder goes first in the path.
            $modules = Split-Path -Parent (Resolve-Path $env:PARALLELCMDLETS_MODULE).Path
            $command = "`$env:PSModulePath = '$modules' + [IO.Path]::PathSeparator + `$env:PSModulePath; Import-Module '$pester'; " +
                "`$r = Invoke-Pester -Path '$recipeFolder' -PassThru -Output None; `"`$(`$r.PassedCount) `$(`$r.FailedCount)`""
            (& $pwsh -NoProfile -NonInteractive -Command $command | Select-Object -Last 1)
        }
    }

    It 'is in the README' {
        Get-Content -Raw (Join-Path $recipeFolder 'Performance.Tests.ps1') | Should -Match 'Compare-Result'
    }

    It 'saves a baseline the first time and passes' {
        Invoke-Recipe | Should -Be '1 0'
        Join-Path $recipeFolder 'baseline.json' | Should -Exist
    }

    It 'fails when a strategy regresses: against a baseline 30 % faster' {
        Copy-Item $fasterFile (Join-Path $recipeFolder 'baseline.json') -Force
        Invoke-Recipe | Should -Be '0 1'
    }
}
