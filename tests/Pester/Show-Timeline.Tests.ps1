BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    $script:records = Invoke-Workload -Workload Sleep -Size 20 -Tasks 4
    $script:results = Compare-Strategy -Workload Sleep -Size 20 -Tasks 4 -Workers 2 -Repeat 1 -Warmup 0
    $script:taskLine = '^\s+#\d+ w\d+ '
}

Describe 'Show-Timeline' {
    It 'draws a header, a run-span bar and one line per task for each strategy' {
        $lines = $results | Show-Timeline -Width 80 -NoColor
        @($lines -match $taskLine).Count | Should -Be 12
        @($lines -match '^\s+run\s').Count | Should -Be 3
        foreach ($strategy in 'Sequential', 'Threads', 'Processes') {
            @($lines -match "^$strategy — ").Count | Should -Be 1
        }
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
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $script = "`$PSStyle.OutputRendering = 'Ansi'; Import-Module '$env:PARALLELCMDLETS_MODULE'; Invoke-Workload -Workload Sleep -Size 20 -Tasks 4 | Show-Timeline -Width 80"
        $lines = & $pwsh -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        @($lines -match $taskLine).Count | Should -Be 4
        $lines | Should -Not -Match "`e"
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
