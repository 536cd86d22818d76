# The example script users run to reproduce the article, kept working: the smallest run it allows.
BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . $PSScriptRoot/TestHelpers.ps1
    $script = Join-Path (Get-RepositoryRoot) 'examples/Reproduce-Article.ps1'
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

    It 'writes the markdown export: the machine it ran on, a table per experiment, a row per strategy' {
        $table = Get-Content (Join-Path $folder 'results.md')
        $table[0] | Should -Match "^Environment: .*$([Environment]::ProcessorCount) cores"
        $table | Should -Contain '### Sleep, size 20 (milliseconds), 2 tasks, 4 timed runs each after warm-up'
        $table | Where-Object { $_ -match '^\| (Sequential|Threads|Processes) \|' } | Should -HaveCount 3
        # The same text Export-Result writes from the results the script returned.
        $again = Join-Path $TestDrive 'again.md'
        $rows | Export-Result -Path $again | Out-Null
        Get-Content -Raw (Join-Path $folder 'results.md') | Should -BeExactly (Get-Content -Raw $again)
    }

    It 'keeps every run in results.json, and draws report.html' {
        (Import-Result (Join-Path $folder 'results.json')).Strategy | Should -Be 'Sequential', 'Threads', 'Processes'
        Get-Content -Raw (Join-Path $folder 'report.html') | Should -Match '<svg [^>]*class="dot-plot"'
    }

    It 'bolds no winner that is within noise and marks ties as ties' {
        $table = Get-Content (Join-Path $folder 'results.md')
        # Threads and Processes both wait 2 x 20 ms in parallel: a tie, never a bold winner.
        $table | Where-Object { $_ -like '| Threads |*' -or $_ -like '| Processes |*' } | ForEach-Object { $_ | Should -Not -Match '\*\*' }
        ($table | Where-Object { $_ -like '| Threads |*' }) | Should -Match '≈'
    }

    It 'refuses an experiment it does not know' {
        { & $script -Workload Nope -OutputFolder $folder } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
