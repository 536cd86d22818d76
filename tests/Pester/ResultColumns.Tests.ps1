BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
}

Describe 'Results that say what was run' {
    Context 'a sweep written with Export-Csv' {
        BeforeAll {
            $script:csv = Join-Path $TestDrive 'sweep.csv'
            5, 10 | ForEach-Object {
                Measure-Strategy -Workload Sleep -Size $_ -Strategy Threads -Tasks 2 -Workers 2 -Repeat 1 -Warmup 1 -WarningAction SilentlyContinue
            } | Export-Csv -Path $csv
            $script:rows = Import-Csv $csv
        }

        It 'has rows told apart by their size, in the workload''s unit' {
            $rows.Size | Should -Be @('5', '10')
            $rows.SizeUnit | Should -Be @('milliseconds', 'milliseconds')
        }

        It 'says how many warm-ups ran and when each was measured' {
            $rows.Warmup | Should -Be @('1', '1')
            $started = $rows.StartedUtc | ForEach-Object { [datetime]::Parse($_, [cultureinfo]::InvariantCulture) }
            # Export-Csv writes a DateTime to the second, and two sizes of a quick sweep can start within one.
            $started[1] | Should -BeGreaterOrEqual $started[0]
        }

        It 'keeps the median run''s tasks as one short cell' {
            $rows.TaskRecords | Should -Be @('2 tasks', '2 tasks')
        }
    }

    It 'puts the size, unit, warm-ups and run start on every task record' {
        $before = [datetime]::UtcNow
        $records = Invoke-Workload -Workload Sleep -Size 3 -Tasks 2 -Strategy Threads -Workers 2
        $records.Size | Should -Be @(3, 3)
        $records.SizeUnit | Should -Be @('milliseconds', 'milliseconds')
        $records.Warmup | Should -Be @(0, 0)
        $records.RunStartedUtc | Select-Object -Unique | Should -BeGreaterOrEqual $before
        $compared = Compare-Strategy -Workload Sleep -Size 3 -Tasks 2 -Workers 2 -Repeat 1 -Warmup 2 -WarningAction SilentlyContinue
        $compared.Runs.Records.Warmup | Select-Object -Unique | Should -Be 2
        $compared.Runs.Records.Size | Select-Object -Unique | Should -Be 3
    }

    It 'shows the parallelism, Workers × ThreadsPerWorker, of worker processes with several threads' {
        $result = Measure-Strategy -Workload Sleep -Size 3 -Tasks 4 -Strategy Processes -Workers 1 -ThreadsPerWorker 2 -Repeat 1 -Warmup 0 -WarningAction SilentlyContinue
        $result.Parallelism | Should -Be 2
        ($result | ConvertTo-Csv | ConvertFrom-Csv).Parallelism | Should -Be '2'
    }

    Context 'enumerations' {
        It 'are written by name by ConvertTo-Json' {
            $record = Invoke-Workload -Workload Sleep -Size 1 -Tasks 1 -Strategy Threads -Workers 1
            $json = $record | ConvertTo-Json -Compress
            $json | Should -Match '"Strategy":"Threads"'
            $json | Should -Match '"Status":"Completed"'
            (Get-Workload Loop | ConvertTo-Json -Compress) | Should -Match '"Bound":"Cpu"'
        }

        It 'are written by name by Export-Csv' {
            $record = Invoke-Workload -Workload Sleep -Size 1 -Tasks 1 -Strategy Threads -Workers 1
            $row = $record | ConvertTo-Csv | ConvertFrom-Csv
            $row.Strategy | Should -Be 'Threads'
            $row.Status | Should -Be 'Completed'
        }
    }
}
