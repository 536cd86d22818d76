BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . $PSScriptRoot/TestHelpers.ps1
    $threshold = [ParallelCmdlets.Measurement.Sampling.DisturbedRunRule]::DefaultThreshold
    $bound = [ParallelCmdlets.Measurement.Sampling.DisturbedRunRule]::DefaultMaximumRepeats
}

# The machine's other load is read from /proc/stat: where it does not exist, no run is ever judged disturbed.
Describe 'Runs disturbed by other programs' -Skip:(-not $IsLinux) {
    BeforeAll {
        # A CPU hog on every core, started before the comparison and ended after it, whatever happens.
        $hogs = 1..[Environment]::ProcessorCount | ForEach-Object { Start-Process -FilePath sh -ArgumentList '-c "while :; do :; done"' -PassThru }
        # Started means running: each hog has used CPU before the comparison begins (polled, with a deadline).
        $null = Wait-Until { -not ($hogs | Where-Object { (Get-Process -Id $_.Id -ErrorAction SilentlyContinue).TotalProcessorTime.TotalMilliseconds -le 0 }) } 10
        $hogs | Where-Object HasExited | Should -BeNullOrEmpty -Because 'the hogs must run during the comparison'
        try {
            # Waiting tasks use next to no CPU themselves: what the machine spends during their runs is the hogs'.
            # Each run lasts 0.6 s or more, long enough for the machine's load to be read (RunAccounting's minimum).
            $results = Compare-Strategy -Workload Sleep -Size 600 -Tasks 2 -Workers 2 -Strategy Threads -Repeat 1 -Warmup 0 -WarningVariable warned -WarningAction SilentlyContinue
        }
        finally {
            foreach ($hog in $hogs) { Stop-Process -Id $hog.Id -Force -ErrorAction SilentlyContinue }
        }
    }

    It 'repeats a disturbed run, within its bound, and keeps a record of each with the load that disturbed it' {
        foreach ($result in $results) {
            $result.RepeatedRuns.Count | Should -BeGreaterThan 0 -Because "$($result.Strategy) ran beside a hog on every core"
            $result.RepeatedRuns.Count | Should -BeLessOrEqual $bound
            foreach ($repeated in $result.RepeatedRuns) {
                $repeated.Strategy | Should -Be $result.Strategy
                $repeated.OtherLoad | Should -BeGreaterOrEqual $threshold
                $repeated.Reason | Should -Match '^round 1: other programs used \d+ % of the cores \(limit 33 %\)'
                $result.Runs.RunId | Should -Not -Contain $repeated.RunId -Because 'a disturbed run is set aside, not kept'
            }
        }
    }

    It 'keeps the runs asked for and reports the repeats among its warnings' {
        foreach ($result in $results) {
            $result.Repeat | Should -Be 1
            $result.GetWarnings() | Where-Object { $_ -like "$($result.RepeatedRuns.Count) run(s) disturbed by other programs were run again*" } | Should -HaveCount 1
        }
        $warned | Where-Object { "$_" -like '*disturbed by other programs were run again*' } | Should -Not -BeNullOrEmpty
    }
}
