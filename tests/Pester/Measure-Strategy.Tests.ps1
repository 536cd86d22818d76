BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    # Small runs warn (too few repeats, a busy machine); the test that checks warnings captures them with -WarningVariable.
    $PSDefaultParameterValues = @{ 'Measure-Strategy:WarningAction' = 'SilentlyContinue' }
    $resultProperties = 'Workload', 'Strategy', 'TransferMode', 'Workers', 'ThreadsPerWorker', 'Tasks', 'Repeat', 'Warmup', 'Elapsed', 'ElapsedLow',
        'ElapsedHigh', 'ElapsedMin', 'ElapsedMax', 'ElapsedCV', 'TaskMean', 'TaskMax', 'TransferSeconds', 'BytesMoved', 'StartupSeconds',
        'CpuUtilization', 'CoresPerTask', 'GcPauseSeconds', 'GcPauseShare', 'OtherLoad', 'GcMode', 'FailedTasks', 'Speedup', 'SpeedupLow',
        'SpeedupHigh', 'ConfidenceLevel', 'TaskInflation', 'Fastest', 'Tie', 'TiedWith', 'Verdict', 'Warnings', 'Runs', 'RunId',
        'Environment', 'EnvironmentSummary'
}

Describe 'Measure-Strategy' {
    BeforeAll {
        $result = Measure-Strategy -Workload Sleep -Size 30 -Tasks 4 -Workers 2 -Strategy Threads -Repeat 3 -Warmup 1
        # Two strategies side by side, an even number of runs each.
        $pair = Measure-Strategy -Workload Sleep -Size 10 -Tasks 4 -Workers 2 -Strategy Threads, Processes -Repeat 4 -Warmup 1
        # Two repeats cannot name a winner between two strategies: the results say so and so do warnings.
        # Every warning goes down the verbose stream too: captured beside the results.
        $shortAll = Measure-Strategy -Workload Sleep -Size 10 -Tasks 2 -Workers 2 -Strategy Threads, Processes -Repeat 2 -Warmup 0 -WarningVariable shortWarnings -Verbose 4>&1
        $short = @($shortAll | Where-Object { $_ -is [ParallelCmdlets.StrategyResult] })
        $shortVerbose = @($shortAll | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
    }

    It 'returns one typed StrategyResult with every contracted property' {
        $result | Should -HaveCount 1
        $result.GetType().FullName | Should -Be 'ParallelCmdlets.StrategyResult'
        foreach ($p in $resultProperties) { $result.PSObject.Properties.Name | Should -Contain $p }
    }

    It 'reports the mean of its repeats, and their median, between the fastest and slowest' {
        $result.Repeat | Should -Be 3
        $result.Warmup | Should -Be 1
        $result.Elapsed | Should -BeOfType [double]
        # The headline is the mean; the median, the fastest and the slowest are runs it kept.
        $sorted = @($result.Runs.Elapsed | Sort-Object)
        $sorted | Should -HaveCount 3
        $result.Elapsed | Should -BeGreaterThan $sorted[0]
        $result.Elapsed | Should -BeLessThan $sorted[2]
        [math]::Abs($result.Elapsed - ($sorted | Measure-Object -Average).Average) | Should -BeLessThan 1e-9
        $result.Median | Should -Be $sorted[1]
        $result.ElapsedMin | Should -Be $sorted[0]
        $result.ElapsedMax | Should -Be $sorted[2]
        if ($null -ne $result.ElapsedLow) {
            $result.ElapsedLow | Should -BeGreaterOrEqual $result.ElapsedMin
            $result.ElapsedHigh | Should -BeLessOrEqual $result.ElapsedMax
        }
    }

    It 'measures two strategies side by side as two rows, without adding Sequential' {
        $pair | Should -HaveCount 2
        $pair.Strategy | Should -Be 'Threads', 'Processes'
        foreach ($row in $pair) {
            $row.Speedup | Should -BeNullOrEmpty
            $row.Verdict | Should -Match '^(computing|waiting|part waiting or contending|copying|GC stopped)'
            @($row.Runs.Round) | Should -Be 1, 2, 3, 4
        }
    }

    It 'says how long .NET compiled during every run, and keeps the runs a fixed -Warmup asked for however much they compiled' {
        # $short ran -Warmup 0 on fresh workers: its first Processes run compiled the worker's code, and stays.
        foreach ($row in @($result) + $pair + $short) {
            foreach ($run in $row.Runs) {
                $run.JitSeconds | Should -BeGreaterOrEqual 0
                $run.CompileShare | Should -BeGreaterOrEqual 0
                $run.CompileShare | Should -BeLessOrEqual 1
            }
            @($row.RepeatedRuns | Where-Object Cause -EQ 'Compiling') | Should -HaveCount 0
        }
        ($short | Where-Object Strategy -EQ 'Processes').Runs[0].JitSeconds | Should -BeGreaterThan 0
    }

    It 'keeps every timed run and none of the warm-ups' {
        foreach ($row in @($result) + $pair) {
            $row.Runs.Count | Should -Be $row.Repeat
            @($row.Runs.RunId | Select-Object -Unique) | Should -HaveCount $row.Repeat
            $row.Runs | ForEach-Object { $_.GetType().FullName | Should -Be 'ParallelCmdlets.RunResult' }
            $row.Runs.Strategy | Select-Object -Unique | Should -Be $row.Strategy
        }
    }

    It 'takes the lower median of an even number of runs, a run that happened, and shows the run nearest the mean' {
        foreach ($row in $pair) {
            $sorted = @($row.Runs.Elapsed | Sort-Object)
            $row.Median | Should -BeIn $row.Runs.Elapsed
            $row.Median | Should -Be $sorted[1]
            $nearest = $row.Runs | Sort-Object { [math]::Abs($_.Elapsed - $row.Elapsed) } | Select-Object -First 1
            ($row.Runs | Where-Object RunId -EQ $row.RunId).Elapsed | Should -Be $nearest.Elapsed
            $row.TimelineRun | Should -BeLike '*nearest the mean'
        }
    }

    It 'returns the median run''s task records, reachable but out of its table' {
        foreach ($row in @($result) + $pair) {
            $records = $row.GetTaskRecords()
            $records | Should -HaveCount 4
            $records.RunId | Select-Object -Unique | Should -Be $row.RunId
            $row.TaskRecords | Should -HaveCount 4
        }
        # A property since ConvertTo-Json should write the tasks (issue 15); the table stays as it was.
        $result | Format-Table | Out-String -Width 300 | Should -Not -Match 'TaskRecords|Task \d+ on worker'
    }

    It 'reads its runs as their elapsed times' {
        $pair[0].Runs.ToString() | Should -Be (($pair[0].Runs | ForEach-Object { $_.Elapsed.ToString('0.######', [cultureinfo]::InvariantCulture) }) -join ' ')
    }

    It 'carries the environment it was measured in' {
        $result.Environment.GetType().FullName | Should -Be 'ParallelCmdlets.EnvironmentInfo'
        $result.Environment.LogicalCores | Should -Be ([Environment]::ProcessorCount)
        $result.Environment.PowerShellVersion | Should -Be "$($PSVersionTable.PSVersion)"
        $result.EnvironmentSummary | Should -Be $result.Environment.Summary
        ($pair | Where-Object Strategy -EQ 'Processes').Environment.WorkerRuntime | Should -Match '\.NET'
    }

    It 'writes one warning line per strategy, its first warning with a count of the others, and every warning under -Verbose' {
        $messages = @($shortWarnings | ForEach-Object Message)
        foreach ($row in $short) {
            $row.Warnings | Should -Match 'use -Repeat 4 or more'
            $lines = @($messages | Where-Object { $_.StartsWith("Sleep $($row.Strategy): ") })
            $lines | Should -HaveCount 1
            $lines[0].StartsWith("Sleep $($row.Strategy): $($row.GetWarnings()[0])") | Should -BeTrue
            foreach ($warning in $row.GetWarnings()) { $shortVerbose | Should -Contain "Sleep $($row.Strategy): $warning" }
        }
        $messages.Count | Should -Be @($short | Where-Object Warnings).Count
    }

    It 'keeps a warning whole, its advice included' {
        # Warnings travel as one string (one CSV column); the separator must never cut a warning, whose advice
        # follows in the same sentence, so GetWarnings() and the warning stream see the same whole warnings.
        $whole = '^2 repeat\(s\) cannot tell strategies apart at 95 % confidence: no winner is named.*use -Repeat 4 or more$'
        @($short[0].GetWarnings() -match $whole) | Should -HaveCount 1 -Because "GetWarnings() gave: $($short[0].GetWarnings() -join ' / ')"
        @($short[0].GetWarnings() -match '^\W*use -Repeat') | Should -HaveCount 0
        $short[0].Warnings -split [regex]::Escape([ParallelCmdlets.StrategyResult]::WarningSeparator) | Should -Be $short[0].GetWarnings()
        @($shortVerbose -match '^Sleep Threads: 2 repeat\(s\) cannot tell strategies apart.*use -Repeat 4 or more$') | Should -HaveCount 1
    }

    It 'exports to CSV with scalar columns only' {
        $path = Join-Path $TestDrive 'measure.csv'
        $result | Export-Csv -Path $path
        $row = Import-Csv $path
        $row.Strategy | Should -Be 'Threads'
        $row.Runs | Should -Be $result.Runs.ToString()
        $row.EnvironmentSummary | Should -Be $result.EnvironmentSummary
        (Get-Content -Raw $path) | Should -Not -Match 'System\.(Object|Collections)|ParallelCmdlets\.(RunList|RunResult|EnvironmentInfo|TaskList|TaskRecord)'
    }

    It 'renders its runs as a table: $result.Runs | Format-Table' {
        $text = $pair.Runs | Format-Table | Out-String -Width 120
        $text | Should -Match 'Round\s+Strategy\s+Elapsed\s+CPU\s+CoresPerTask\s+GcPauseShare\s+OtherLoad\s+FailedTasks\s+RunId'
        foreach ($run in $pair.Runs) { $text | Should -Match "\s$($run.Round)\s+$($run.Strategy)\s+[\d.]+ ms.*\s$($run.RunId)" }
        ($text -split "`n" | Measure-Object -Maximum -Property Length).Maximum | Should -BeLessOrEqual 120
    }

    It 'renders every property in its list view, times in ms or s' {
        $text = $pair[1] | Format-List | Out-String -Width 200
        foreach ($p in $resultProperties | Where-Object { $_ -ne 'Environment' }) { $text | Should -Match "(?m)^$p\s+:" -Because "the list shows $p" }
        $text | Should -Match '(?m)^Elapsed\s+: \d+\.\d ms$'
        $text | Should -Match "(?m)^Runs\s+: $([regex]::Escape($pair[1].Runs.ToString()))$"
        ($result.Environment | Out-String -Width 200) | Should -Match '(?m)^LogicalCores\s+: \d+'
    }

    It 'reports a compiled Loop on Sequential as about one core busy, as a share of all cores' {
        # One thread computing all the time: its CPU is the tasks' own, over the time they ran. Other programs
        # on a shared machine take some of that core, so the floor is low; a reading of no CPU, or of the
        # cores not divided out (2 on two cores), is far outside.
        $cores = [Environment]::ProcessorCount
        $loop = Measure-Strategy -Workload Loop -Size 20000000 -Tasks 4 -Strategy Sequential -Repeat 1 -Warmup 0
        $run = $loop.Runs[0]
        $taskCpu = ($loop.GetTaskRecords().CpuSeconds | Measure-Object -Sum).Sum
        $loop.CpuUtilization * $cores | Should -BeGreaterThan 0.3
        $loop.CpuUtilization * $cores | Should -BeLessOrEqual 1.1
        $loop.CoresPerTask | Should -BeGreaterThan 0.3
        $loop.CoresPerTask | Should -BeLessOrEqual 1.1
        # Whatever the load, the run's CPU is its tasks' CPU (read on their thread) and little else.
        $run.CpuSeconds | Should -BeGreaterOrEqual ($taskCpu * 0.95)
        $run.CpuSeconds | Should -BeLessOrEqual ($taskCpu * 1.1 + 0.02)
        $loop.CpuUtilization | Should -BeLessOrEqual 1
    }

    It 'reports waiting tasks as using almost no CPU' {
        # $result sleeps 30 ms a task: CPU near 0, where a wall-clock reading would give about 1 core per task.
        $result.CoresPerTask | Should -BeLessThan 0.1
        $result.CpuUtilization | Should -BeLessThan 0.05
        $result.CoresPerTask | Should -BeGreaterOrEqual 0
    }

    It 'reports the pauses garbage collection made in a ScriptBlock''s worker processes' {
        $p = Measure-Strategy -ScriptBlock { [GC]::Collect(2, 'Forced', $true) } -Strategy Processes -Tasks 4 -Workers 2 -Repeat 1 -Warmup 0
        $p.GcPauseSeconds | Should -BeGreaterThan 0
        $p.GcPauseShare | Should -BeGreaterThan 0
        $p.GcPauseShare | Should -BeLessOrEqual 1
    }

    It 'measures a pool start-up for processes, within the command''s own time, and says it under -Verbose' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $out = Measure-Strategy -Workload Loop -Size 1000 -Tasks 2 -Workers 1 -Strategy Processes -Repeat 1 -Warmup 0 -Verbose 4>&1
        $took = $watch.Elapsed.TotalSeconds
        $p = $out | Where-Object { $_ -is [ParallelCmdlets.StrategyResult] }
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)

        $p.StartupSeconds | Should -BeGreaterThan 0
        $p.StartupSeconds | Should -BeLessThan $took -Because 'the pool starts within the command, in seconds'
        $verbose | Should -Contain "Processes: pool ready in $(($p.StartupSeconds * 1000).ToString('0', [cultureinfo]::InvariantCulture)) ms"
    }

    It 'refuses a Repeat below 1' {
        { Measure-Strategy -Workload Sleep -Repeat 0 -ErrorAction Stop } | Should -Throw -ErrorId 'RepeatOutOfRange,*'
    }
}
