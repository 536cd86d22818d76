BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    # Small runs warn (too few repeats, a busy machine); the tests that check warnings capture them with -WarningVariable.
    $PSDefaultParameterValues = @{ 'Compare-Strategy:WarningAction' = 'SilentlyContinue' }
    $repeatsNeeded = [ParallelCmdlets.Measurement.RunStatistics]::RepeatsNeeded
    . $PSScriptRoot/TestHelpers.ps1

    function Get-TableLine {
        # The first line of a Format-Table rendering that shows one strategy's row (the verdict may wrap below it).
        param([string] $Text, [string] $Strategy)
        $Text -split "`n" | Where-Object { $_ -match "^$Strategy\s" }
    }
}

Describe 'Compare-Strategy' {
    BeforeAll {
        $results = Compare-Strategy -Workload Sleep -Size 60 -Tasks 4 -Workers 2 -Repeat 1 -Warmup 0
        # Waiting tasks scale whatever else the machine runs: two threads and two processes both halve the
        # sequential time, within noise of each other. 50 ms waits, so that a process task's dispatch (under a
        # millisecond, a few on a busy machine) stays well inside the 5 % a winner must beat the others by.
        # Without -Repeat the rounds go on until the means are known: four runs on a busy machine may not settle.
        $tie = Compare-Strategy -Workload Sleep -Size 50 -Tasks 4 -Workers 2
        # Only Sequential beside Threads: a clear winner, twice as fast.
        $clear = Compare-Strategy -Workload Sleep -Size 10 -Tasks 4 -Workers 2 -Strategy Threads
    }

    It 'measures Sequential, Threads and Processes by default' {
        $results.Strategy | Should -Be 'Sequential', 'Threads', 'Processes'
        $results | ForEach-Object { $_.GetType().FullName | Should -Be 'ParallelCmdlets.StrategyResult' }
    }

    It 'reports a speedup of 1 for the sequential row' {
        $results[0].Speedup | Should -Be 1
        $results[0].SpeedupLow | Should -Be 1
        $results[0].SpeedupHigh | Should -Be 1
        $results[0].TaskInflation | Should -Be 1
    }

    It 'brackets each Speedup by its interval at the stated confidence' {
        $tie[0].ConfidenceLevel | Should -Be 0.95
        foreach ($row in $tie) {
            $row.SpeedupLow | Should -BeLessOrEqual $row.Speedup
            $row.SpeedupHigh | Should -BeGreaterOrEqual $row.Speedup
        }
    }

    It 'names no winner and no tie from one repeat, and says why' {
        $results | Where-Object { $_.Fastest -or $_.Tie } | Should -BeNullOrEmpty
        foreach ($row in $results) { $row.Warnings | Should -Match "use -Repeat $repeatsNeeded or more" }
    }

    It 'marks at most one strategy fastest, and otherwise the best tie and name each other' {
        foreach ($r in $tie, $clear) {
            $fastest = @($r | Where-Object Fastest)
            $fastest.Count | Should -BeLessOrEqual 1
            $best = ($r.Elapsed | Measure-Object -Minimum).Minimum
            if ($fastest.Count -eq 1) {
                $fastest[0].Elapsed | Should -Be $best
                $r | Where-Object Tie | Should -BeNullOrEmpty
                continue
            }
            $tied = @($r | Where-Object Tie)
            $tied.Count | Should -BeGreaterOrEqual 2
            $tied.Elapsed | Should -Contain $best
            foreach ($row in $tied) {
                $others = @($tied | Where-Object Strategy -NE $row.Strategy | ForEach-Object { "$($_.Strategy)" })
                @($row.TiedWith -split ', ' | Sort-Object) | Should -Be @($others | Sort-Object)
                $row.Verdict | Should -BeLike "*; tie with $($row.TiedWith)"
            }
        }
    }

    It 'stars a strategy significantly faster than every other' {
        $threads = $clear | Where-Object Strategy -EQ 'Threads'
        $threads.Fastest | Should -BeTrue
        $threads.Tie | Should -BeFalse
        $threads.TiedWith | Should -BeNullOrEmpty
        ($clear | Where-Object Strategy -EQ 'Sequential').Fastest | Should -BeFalse
        $text = $clear | Format-Table | Out-String -Width 120
        Get-TableLine $text 'Threads' | Should -Match '\s\*\s'
        Get-TableLine $text 'Sequential' | Should -Not -Match '\s[*≈]\s'
    }

    It 'marks each of the tied best with ≈ in the table' {
        # Threads and Processes both wait 2 × 50 ms per run; the baseline waits 200 ms and is neither.
        $tie | Where-Object Strategy -NE 'Sequential' | ForEach-Object { $_.Tie | Should -BeTrue -Because "$($_.Strategy) ties: $($_.Runs)" }
        $text = $tie | Format-Table | Out-String -Width 120
        foreach ($row in $tie) {
            $mark = if ($row.Fastest) { '*' } elseif ($row.Tie) { '≈' } else { $null }
            $line = Get-TableLine $text $row.Strategy
            if ($mark) { $line | Should -Match "\s\$mark\s" -Because "$($row.Strategy) is marked '$mark'" }
            else { $line | Should -Not -Match '\s[*≈]\s' }
        }
    }

    It 'explains every row with a verdict' {
        $results | ForEach-Object { $_.Verdict | Should -Not -BeNullOrEmpty }
        $results[0].Verdict | Should -Match '^baseline'
    }

    It 'reports code that always throws once, with a count, stops each strategy after its first failed run and scores none' {
        # Issue 17: { throw "boom" } wrote one error per task of every run and still showed a Speedup and a winner.
        $rows = Compare-Strategy -ScriptBlock { throw 'boom' } -Tasks 4 -Workers 2 -Repeat 4 -Warmup 0 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -HaveCount 1
        $errs[0].Exception.Message | Should -BeLike '12 tasks failed with the same error (Sequential 4, Threads 4, Processes 4;*): boom'
        $errs[0].FullyQualifiedErrorId | Should -Be 'TaskFailed,ParallelCmdlets.Commands.CompareStrategyCommand'
        $rows | Should -HaveCount 3
        foreach ($row in $rows) {
            $row.Runs.Count | Should -Be 1 -Because "every task of $($row.Strategy)'s first run failed"
            $row.Speedup | Should -BeNullOrEmpty
            $row.Fastest | Should -BeFalse
            $row.Verdict | Should -BeLike '4 of 4 tasks did not complete, every task of a run failed, so its other repeats were not run; no speedup*'
        }
    }

    It 'still stops at the first failed task with -ErrorAction Stop' {
        { Compare-Strategy -ScriptBlock { throw 'boom' } -Tasks 2 -Workers 2 -Repeat 1 -Warmup 0 -Strategy Threads -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*failed: boom*'
    }

    It 'always measures Sequential when asked for other strategies' {
        $r = Compare-Strategy -Workload Sleep -Size 20 -Tasks 2 -Workers 2 -Strategy Threads -Repeat 1 -Warmup 0
        $r.Strategy | Should -Be 'Sequential', 'Threads'
        Assert-SpeedupIsRatio $r
    }

    It 'renders Compare-Strategy -Workload Loop -Workers 3 | Format-Table' {
        $text = Compare-Strategy -Workload Loop -Workers 3 -Size 100000 -Tasks 3 -Repeat 1 -Warmup 0 | Format-Table | Out-String -Width 120
        $text | Should -Match 'Sequential'
        $text | Should -Match 'Processes'
        $text | Should -Match 'Speedup\s+95% CI\s+Verdict\s+TaskMean\s+CPU'
        ($text -split "`n" | Measure-Object -Maximum -Property Length).Maximum | Should -BeLessOrEqual 120
    }

    It 'shows the Speedup interval as low–high in the table, blank without one' {
        $text = $tie | Format-Table | Out-String -Width 120
        $threads = $tie | Where-Object Strategy -EQ 'Threads'
        $interval = '{0}–{1}' -f $threads.SpeedupLow.ToString('0.00', [cultureinfo]::InvariantCulture), $threads.SpeedupHigh.ToString('0.00', [cultureinfo]::InvariantCulture)
        Get-TableLine $text 'Threads' | Should -BeLike "*$interval*"
        $single = $results | Where-Object Strategy -EQ 'Threads'
        $single.SpeedupLow | Should -BeNullOrEmpty
        Get-TableLine ($single | Format-Table | Out-String -Width 120) 'Threads' | Should -Not -Match '–'
    }

    It 'takes workload names from the pipeline' {
        $r = 'Loop', 'Sleep' | Compare-Strategy -Size 10 -Tasks 2 -Workers 2 -Strategy Threads -Repeat 1 -Warmup 0
        $r.Workload | Should -Be 'Loop', 'Loop', 'Sleep', 'Sleep'
    }

    It 'takes Get-Workload output from the pipeline' {
        $r = Get-Workload Sleep, Loop | Compare-Strategy -Tasks 2 -Size 10 -Workers 2 -Strategy Threads -Repeat 1 -Warmup 0
        $r.Workload | Select-Object -Unique | Should -Be 'Sleep', 'Loop'
    }

    It 'exports to CSV and back with scalar columns only' {
        $path = Join-Path $TestDrive 'compare.csv'
        $results | Export-Csv -Path $path
        $rows = Import-Csv $path
        $rows | Should -HaveCount 3
        $rows[1].PSObject.Properties.Name | Should -Contain 'Speedup'
        $rows[1].PSObject.Properties.Name | Should -Contain 'Verdict'
        (Get-Content -Raw $path) | Should -Not -Match 'System\.(Object|Collections)'
    }

    It 'keeps the intervals, warnings, runs and environment in CSV as plain values' {
        $path = Join-Path $TestDrive 'tie.csv'
        $tie | Export-Csv -Path $path
        $rows = Import-Csv $path
        $csv = Get-Content -Raw $path
        $csv | Should -Not -Match 'System\.(Object|Collections)|ParallelCmdlets\.(RunList|RunResult|EnvironmentInfo)'
        for ($i = 0; $i -lt $tie.Count; $i++) {
            foreach ($p in 'SpeedupLow', 'SpeedupHigh', 'ElapsedLow', 'ElapsedHigh') {
                [double]::Parse($rows[$i].$p, [cultureinfo]::InvariantCulture) | Should -Be $tie[$i].$p -Because "$p of $($tie[$i].Strategy)"
            }
            $rows[$i].Warnings | Should -Be $tie[$i].Warnings
            $rows[$i].EnvironmentSummary | Should -Be $tie[$i].EnvironmentSummary
            $rows[$i].EnvironmentSummary | Should -Match 'PowerShell 7'
            $rows[$i].Runs | Should -Be $tie[$i].Runs.ToString()
            @($rows[$i].Runs -split ' ') | Should -HaveCount $tie[$i].Repeat
            $rows[$i].TiedWith | Should -Be $tie[$i].TiedWith
        }
    }

    It 'narrates pool start, warm-up and repeats with -Verbose' {
        $verbose = Compare-Strategy -Workload Sleep -Size 10 -Tasks 2 -Workers 1 -Strategy Processes -Repeat 2 -Warmup 1 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $text = $verbose.Message -join "`n"
        $text | Should -Match 'starting 1 worker process'
        $text | Should -Match 'warm-up 1 of 1'
        $text | Should -Match 'repeat 2 of 2'
    }

    It 'with more workers than cores, runs them all and reports each task''s stretch against the baseline''s' {
        # Workers time-slice the cores: each task is about workers/cores times slower than alone. Which verdict that
        # earns (scales and share the cores, or contend only beyond 1.4 times that stretch) is the rules' decision,
        # asserted on synthetic runs in ContentionVerdictTests, not on this machine's load.
        $cores = [Environment]::ProcessorCount
        $workers = $cores + 1
        $rows = Compare-Strategy -Workload Loop -Size 20000000 -Tasks (2 * $workers) -Workers $workers -Strategy Threads -Repeat $repeatsNeeded
        $threads = $rows | Where-Object Strategy -EQ 'Threads'
        $because = "verdict '$($threads.Verdict)', TaskInflation $($threads.TaskInflation), speedup $($threads.Speedup)"

        $threads.Workers | Should -Be $workers
        $threads.GetTaskRecords() | Should -HaveCount (2 * $workers)
        $threads.GetTaskRecords().Status | Sort-Object -Unique | Should -Be 'Completed'
        # The stretch is the ratio of the two task means the rows show, measured in the same comparison.
        $ratio = $threads.TaskMean / $rows[0].TaskMean
        $threads.TaskInflation | Should -BeGreaterOrEqual ($ratio * (1 - 1e-9)) -Because $because
        $threads.TaskInflation | Should -BeLessOrEqual ($ratio * (1 + 1e-9)) -Because $because
        $threads.TaskInflation | Should -BeGreaterThan 1.1 -Because "tasks share $cores cores among $workers workers; $because"
        Assert-SpeedupIsRatio $rows
    }

    It 'passes -ThreadsPerWorker to the process row' {
        $r = Compare-Strategy -Workload Sleep -Size 10 -Tasks 2 -Workers 1 -ThreadsPerWorker 2 -Repeat 1 -Warmup 0
        ($r | Where-Object Strategy -EQ 'Processes').ThreadsPerWorker | Should -Be 2
        ($r | Where-Object Strategy -EQ 'Threads').ThreadsPerWorker | Should -Be 1
    }
}
