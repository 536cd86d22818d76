# The example script users run to reproduce the article, kept working: the smallest run it allows.
BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    $script = Join-Path $PSScriptRoot '../../examples/Reproduce-Article.ps1'
}

Describe 'examples/Reproduce-Article.ps1' {
    BeforeAll {
        $folder = Join-Path $TestDrive 'article'
        $rows = & $script -Workload Sleep -Size 20 -Tasks 2 -Workers 2 -Repeat 4 -OutputFolder $folder 6>$null 3>$null
    }

    It 'writes the StrategyResult of each strategy to the pipeline' {
        $rows.Strategy | Should -Be 'Sequential', 'Threads', 'Processes'
        $rows | ForEach-Object { $_.GetType().FullName | Should -Be 'ParallelCmdlets.StrategyResult' }
    }

    It 'writes a timeline page per experiment' {
        $page = Join-Path $folder 'Sleep.html'
        $page | Should -Exist
        Get-Content -Raw $page | Should -Match '<svg'
    }

    It 'writes a markdown table with the machine it ran on and a row per strategy' {
        $table = Get-Content (Join-Path $folder 'results.md')
        $table[0] | Should -Match "^Measured on: .*$([Environment]::ProcessorCount) cores"
        $table | Where-Object { $_ -like '| Sleep*' } | Should -HaveCount 3
        $table | Should -Contain '| experiment | strategy | elapsed | speedup (95 % interval) | task mean | task inflation | CPU | GC stopped tasks | data moved | verdict |'
    }

    It 'bolds no winner that is within noise and marks ties as ties' {
        $table = Get-Content (Join-Path $folder 'results.md')
        # Threads and Processes both wait 2 x 20 ms in parallel: a tie, never a bold winner.
        $table | Where-Object { $_ -like '| Sleep*| Threads |*' -or $_ -like '| Sleep*| Processes |*' } | ForEach-Object { $_ | Should -Not -Match '\*\*' }
        ($table | Where-Object { $_ -like '| Sleep*| Threads |*' }) | Should -Match '≈'
    }

    It 'refuses an experiment it does not know' {
        { & $script -Workload Nope -OutputFolder $folder } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
