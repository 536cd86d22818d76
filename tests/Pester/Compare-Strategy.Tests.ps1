BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
}

Describe 'Compare-Strategy' {
    BeforeAll {
        $results = Compare-Strategy -Workload Sleep -Size 60 -Tasks 4 -Workers 2 -Repeat 1 -Warmup 0
    }

    It 'measures Sequential, Threads and Processes by default' {
        $results.Strategy | Should -Be 'Sequential', 'Threads', 'Processes'
        $results | ForEach-Object { $_.GetType().FullName | Should -Be 'ParallelCmdlets.StrategyResult' }
    }

    It 'reports a speedup of 1 for the sequential row' {
        $results[0].Speedup | Should -Be 1
        $results[0].TaskInflation | Should -Be 1
    }

    It 'marks exactly one strategy fastest' {
        ($results | Where-Object Fastest) | Should -HaveCount 1
        ($results | Where-Object Fastest).Elapsed | Should -Be ($results.Elapsed | Measure-Object -Minimum).Minimum
    }

    It 'explains every row with a verdict' {
        $results | ForEach-Object { $_.Verdict | Should -Not -BeNullOrEmpty }
        $results[0].Verdict | Should -Match '^baseline'
    }

    It 'always measures Sequential when asked for other strategies' {
        $r = Compare-Strategy -Workload Sleep -Size 20 -Tasks 2 -Workers 2 -Strategy Threads -Repeat 1 -Warmup 0
        $r.Strategy | Should -Be 'Sequential', 'Threads'
        $r[1].Speedup | Should -BeGreaterThan 0
    }

    It 'renders Compare-Strategy -Workload Loop -Workers 3 | Format-Table' {
        $text = Compare-Strategy -Workload Loop -Workers 3 -Size 100000 -Tasks 3 -Repeat 1 -Warmup 0 | Format-Table | Out-String -Width 120
        $text | Should -Match 'Sequential'
        $text | Should -Match 'Processes'
        ($text -split "`n" | Measure-Object -Maximum -Property Length).Maximum | Should -BeLessOrEqual 120
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

    It 'narrates pool start, warm-up and repeats with -Verbose' {
        $verbose = Compare-Strategy -Workload Sleep -Size 10 -Tasks 2 -Workers 1 -Strategy Processes -Repeat 2 -Warmup 1 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $text = $verbose.Message -join "`n"
        $text | Should -Match 'starting 1 worker process'
        $text | Should -Match 'warm-up 1 of 1'
        $text | Should -Match 'repeat 2 of 2'
    }

    It 'passes -ThreadsPerWorker to the process row' {
        $r = Compare-Strategy -Workload Sleep -Size 10 -Tasks 2 -Workers 1 -ThreadsPerWorker 2 -Repeat 1 -Warmup 0
        ($r | Where-Object Strategy -EQ 'Processes').ThreadsPerWorker | Should -Be 2
        ($r | Where-Object Strategy -EQ 'Threads').ThreadsPerWorker | Should -Be 1
    }

    It 'shows a progress bar of finished tasks and closes it at the end' {
        # A host of our own, because Pester cannot capture the progress stream of a command it runs.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PARALLELCMDLETS_MODULE'; Compare-Strategy -Workload Sleep -Size 30 -Tasks 4 -Workers 2 -Repeat 1 -Warmup 0")
            $null = $ps.Invoke()
            $records = @($ps.Streams.Progress)
        }
        finally { $ps.Dispose() }

        $records | Where-Object { $_.RecordType -eq 'Processing' -and $_.StatusDescription -match '^\d+ of 4 tasks$' } | Should -Not -BeNullOrEmpty
        $records | Where-Object { $_.RecordType -eq 'Processing' } | ForEach-Object { $_.PercentComplete | Should -BeLessOrEqual 100 }
        $records[-1].RecordType | Should -Be 'Completed'
    }
}
