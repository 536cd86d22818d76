BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
}

Describe 'A comparison within a time budget (-MaxSeconds)' {
    It 'refuses within seconds, with its estimate, a comparison the pilot shows cannot fit' {
        # Each Sequential run sleeps 8 s (4 tasks of 2 s): run through, the comparison would take over a minute.
        # The pilot stops the first run at its share of the 3 s budget; pool start-up and the wait for a busy machine
        # to settle (at most 10 s) come before it.
        $watch = [Diagnostics.Stopwatch]::StartNew()
        { Compare-Strategy -Workload Sleep -Size 2000 -Tasks 4 -MaxSeconds 3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'OverBudget,ParallelCmdlets.Commands.CompareStrategyCommand' -ExpectedMessage '*would take at least * s, beyond -MaxSeconds 3*'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30 -Because 'the pilot stops a run that alone breaks the budget'
    }

    It 'cuts the repeats to fit and says so in a warning and on every result' {
        # One round of Sequential, Threads and Processes sleeps 0.4 s and takes about 2 s with what each run needs
        # around it: a hundred repeats cannot fit in 30 s, and the test's minimum of four fits even on a machine
        # three times as slow. -Warmup 1 keeps the pilot's projection to the one warm-up it counts on (an open
        # warm-up counts on two).
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $rows = Compare-Strategy -Workload Sleep -Size 50 -Tasks 4 -Repeat 100 -Warmup 1 -MaxSeconds 30 -WarningVariable warned 3>$null
        $took = $watch.Elapsed.TotalSeconds
        $rows | ForEach-Object {
            $_.Repeat | Should -BeLessThan 100
            $_.Repeat | Should -BeGreaterOrEqual 4 -Because 'never fewer than the test needs'
            $_.Warnings | Should -BeLike "*shortened to $($_.Repeat) repeats (100 asked) to stay within -MaxSeconds 30*"
        }
        $warned | Where-Object { "$_" -like '*shortened to*' } | Should -Not -BeNullOrEmpty
        # The projection counts whole rounds, not only the runs' own times (which took a 15 s budget to 34 s); the
        # wait for a busy machine to settle (at most 10 s) is not the experiment's and comes on top.
        $took | Should -BeLessThan (30 * 1.25 + 10)
    }

    It 'changes nothing asked when the default budget is ample' {
        $rows = Compare-Strategy -Workload Sleep -Size 5 -Tasks 2 -Strategy Threads -Repeat 5 3>$null
        $rows.Repeat | Should -Be 5, 5
        $rows.Warnings | Should -Not -BeLike '*shortened*'
    }
}
