BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
}

Describe 'A comparison within a time budget (-MaxSeconds)' {
    It 'refuses within seconds, with its estimate, a comparison the pilot shows cannot fit' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        { Compare-Strategy -Workload Sleep -Size 500 -Tasks 4 -MaxSeconds 3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'OverBudget,ParallelCmdlets.Commands.CompareStrategyCommand' -ExpectedMessage '*would take at least * s, beyond -MaxSeconds 3*'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'the pilot stops a run that alone breaks the budget'
    }

    It 'cuts the repeats to fit and says so in a warning and on every result' {
        # One round of Sequential, Threads and Processes takes about 0.8 s: ten repeats and a pilot (about 9 s) do not
        # fit in 6.5 s, the test's minimum of four (about 4 s) does, with seconds to spare either way on a busy machine.
        # -Warmup 1 keeps the pilot's projection to the one warm-up it counts on (an open warm-up counts on two).
        $rows = Compare-Strategy -Workload Sleep -Size 100 -Tasks 4 -Repeat 10 -Warmup 1 -MaxSeconds 6.5 -WarningVariable warned 3>$null
        $rows | ForEach-Object {
            $_.Repeat | Should -BeLessThan 10
            $_.Repeat | Should -BeGreaterOrEqual 4 -Because 'never fewer than the test needs'
            $_.Warnings | Should -BeLike "*shortened to $($_.Repeat) repeats (10 asked) to stay within -MaxSeconds 6.5*"
        }
        $warned | Where-Object { "$_" -like '*shortened to*' } | Should -Not -BeNullOrEmpty
    }

    It 'changes nothing asked when the default budget is ample' {
        $rows = Compare-Strategy -Workload Sleep -Size 5 -Tasks 2 -Strategy Threads -Repeat 5 3>$null
        $rows.Repeat | Should -Be 5, 5
        $rows.Warnings | Should -Not -BeLike '*shortened*'
    }
}
