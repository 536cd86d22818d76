BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . $PSScriptRoot/TestHelpers.ps1
    $script:records = Invoke-Workload -Workload Sleep -Size 20 -Tasks 4
    $script:results = Compare-Strategy -Workload Sleep -Size 20 -Tasks 4 -Workers 2 -Repeat 1 -Warmup 0
    $script:taskLine = '^\s+#\d+ w\d+ '
}

Describe 'Show-Timeline' {
    It 'draws a header, a run-span bar and one line per task for each strategy' {
        $lines = $results | Show-Timeline -Width 80 -NoColor
        @($lines -match $taskLine).Count | Should -Be 12
        @($lines -match '^\s+run\s').Count | Should -Be 3
        foreach ($strategy in 'Threads', 'Processes') {
            @($lines -match "^$strategy — ").Count | Should -Be 1
        }
        # The title names the pools' 2 workers; Sequential's panel says it ran on one.
        @($lines -match '^Sequential \(1 worker\) — ').Count | Should -Be 1
        # "Threads — 41.0 ms, 1.95×", then the interval with more than one run, then a standing: fastest, a tie,
        # or a flag when the speedup is beyond what the cores allow (one noisy baseline run can make it so).
        $lines | Where-Object { $_ -like 'Threads — *' } | Should -Match '^Threads — \d+(\.\d+)? m?s, \d+\.\d\d×( \([\d.]+–[\d.]+\))?(, (fastest|tie with .+|⚠ .+))?$'
    }

    It 'draws the task records of one Invoke-Workload run as one panel' {
        $lines = $records | Show-Timeline -Width 80 -NoColor
        @($lines -match $taskLine).Count | Should -Be 4
        @($lines -match '^Threads — ').Count | Should -Be 1
    }

    It 'fits every line into -Width <Width>' -ForEach @(@{ Width = 40 }, @{ Width = 80 }, @{ Width = 150 }) {
        $lines = $results | Show-Timeline -Width $Width -NoColor
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width -Because $_ }
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeGreaterThan ($Width - 3)
    }

    It 'ends with a time axis whose first tick is 0' {
        $lines = $results | Show-Timeline -Width 80 -NoColor
        $lines[-2] | Should -Match '┴'
        $lines[-1].Trim() | Should -Match '^0\s+\d+(\.\d+)? ms'
    }

    It 'writes plain text with -NoColor' {
        $results | Show-Timeline -Width 80 -NoColor | Should -Not -Match "`e"
    }

    It 'writes plain text when its output is redirected' {
        $pwsh = Get-PwshPath
        $script = "`$PSStyle.OutputRendering = 'Ansi'; Import-Module '$env:PARALLELCMDLETS_MODULE'; Invoke-Workload -Workload Sleep -Size 20 -Tasks 4 | Show-Timeline -Width 80"
        $lines = & $pwsh -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        @($lines -match $taskLine).Count | Should -Be 4
        $lines | Should -Not -Match "`e"
    }

    It 'writes plain text to a file from a console, where it draws in colour, line by line after other output' {
        # script(1) gives pwsh a terminal, as a user's console is; the file must still hold plain text.
        if (-not (Get-Command script -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'script(1) is not installed'; return }
        $file = Join-Path $TestDrive 'timeline.txt'
        $child = Join-Path $TestDrive 'console.ps1'
        # No progress bars: drawing them in a terminal that does not answer cursor queries waits for each answer.
        Set-Content $child @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$env:PARALLELCMDLETS_MODULE'
Invoke-Workload -Workload Sleep -Size 20 -Tasks 4 | Show-Timeline -Width 80 > '$file'
`$two = Invoke-Workload -Workload Sleep -Size 20 -Tasks 2
`$two; `$two | Show-Timeline -Width 80
"@
        $screen = script -qec "'$(Get-PwshPath)' -NoProfile -NonInteractive -File '$child'" /dev/null
        $LASTEXITCODE | Should -Be 0
        $lines = Get-Content $file
        @($lines -match $taskLine).Count | Should -Be 4
        $lines | Should -Not -Match "`e"
        ($screen -join "`n") | Should -Match "`e\[1mSleep" -Because 'the console still gets colour'
        ($screen -join "`n") | Should -Not -Match 'Colored\s+:' -Because 'a line shows as a line after a table of task records'
    }

    It 'names on each panel the workload and workers it does not share with the others' {
        $other = Compare-Strategy -Workload Loop -Size 100000 -Tasks 2 -Workers 1 -Strategy Threads -Repeat 1 -Warmup 0 -WarningAction SilentlyContinue
        $lines = @($results) + @($other) | Show-Timeline -Width 100 -NoColor
        $lines[0] | Should -Be 'Sleep, Loop'
        @($lines -match '^Threads \(Sleep, 2 workers, 4 tasks\) — ').Count | Should -Be 1
        @($lines -match '^Processes \(Sleep, 2 workers, 4 tasks\) — ').Count | Should -Be 1
        @($lines -match '^Threads \(Loop, 1 worker, 2 tasks\) — ').Count | Should -Be 1
        @($lines -match '^Sequential \(Loop, 1 worker, 2 tasks\) — ').Count | Should -Be 1
    }

    It 'draws task records brought back by Import-Clixml and Import-Csv' {
        $records | Export-Clixml (Join-Path $TestDrive 'records.xml')
        $records | Export-Csv (Join-Path $TestDrive 'records.csv')
        foreach ($imported in (Import-Clixml (Join-Path $TestDrive 'records.xml')), (Import-Csv (Join-Path $TestDrive 'records.csv'))) {
            $lines = $imported | Show-Timeline -Width 80 -NoColor -ErrorVariable problems
            $problems | Should -BeNullOrEmpty
            @($lines -match $taskLine).Count | Should -Be 4
            @($lines -match '^Threads — ').Count | Should -Be 1
        }
    }

    It 'draws the median run of strategy results brought back by Import-Clixml with their records' {
        $results | Export-Clixml (Join-Path $TestDrive 'results.xml') -Depth 4
        $lines = Import-Clixml (Join-Path $TestDrive 'results.xml') | Show-Timeline -Width 80 -NoColor
        @($lines -match $taskLine).Count | Should -Be 12
    }

    It 'reports what it cannot draw in one error with the count' {
        $lines = @($records) + @(1..5) | Show-Timeline -Width 80 -NoColor -ErrorVariable problems -ErrorAction SilentlyContinue
        @($lines -match $taskLine).Count | Should -Be 4
        $problems.Count | Should -Be 1
        $problems[0].Exception.Message | Should -BeLike 'Skipped 5 object(s) that cannot be drawn*'
    }

    It 'reports objects it cannot draw and draws the rest' {
        $lines = @($records) + 'not a task' | Show-Timeline -Width 80 -NoColor -ErrorVariable problems -ErrorAction SilentlyContinue
        @($lines -match $taskLine).Count | Should -Be 4
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'NotTimelineInput,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidType'
    }

    It 'fails with NoTaskRecords when nothing it can draw arrives' {
        { 'not a task' | Show-Timeline -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'NoTaskRecords,*'
    }

    It 'refuses a width too narrow to draw' {
        { $records | Show-Timeline -Width 10 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}
