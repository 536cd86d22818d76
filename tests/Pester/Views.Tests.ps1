BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    $PSDefaultParameterValues = @{ '*-Strategy:WarningAction' = 'SilentlyContinue' }

    . $PSScriptRoot/TestHelpers.ps1

    # A comparison with the long verdict of a PowerShell tool: a script that ForEach-Object -Parallel runs dot-sourced.
    $script:compared = Compare-Strategy -ScriptBlock { param($n) $s = 0; foreach ($i in 1..$n) { $s += $i }; $s } -ArgumentList 20000 `
        -Strategy Sequential, ForEachParallel, Threads, Processes -Tasks 4 -Workers 2 -Repeat 2 -Warmup 0
    $script:measured = Measure-Strategy -Workload Sleep -Size 20 -Tasks 2 -Workers 2 -Strategy Threads, Processes -Repeat 2 -Warmup 0
    $script:records = Invoke-Workload -ScriptBlock { if ($TaskId -eq 2) { throw 'task two fails' } } -Tasks 3 -Workers 2 -Strategy Processes -ErrorAction SilentlyContinue
}

Describe 'The default views' {
    # 79 is what PowerShell lays a table out in on an 80-column console, one less than the window.
    Context 'at <Width> columns' -ForEach @(@{ Width = 79 }, @{ Width = 80 }, @{ Width = 120 }) {
        It 'shows every word of every verdict of Compare-Strategy, the key column' {
            $text = $compared | Out-String -Width $Width
            Assert-FitsWidth $text $Width
            $text | Should -Match '(?m)^\s+Workload: ScriptBlock, 4 tasks'
            foreach ($result in $compared) {
                $text | Should -Match "(?m)^$($result.Strategy)\s"
                Assert-WordsShown $text $result.Verdict
            }
        }

        It 'shows the mean and spread of the runs of Measure-Strategy, the task cost and CPU, its verdicts, and from 97 columns the fastest and slowest run' {
            $text = $measured | Out-String -Width $Width
            Assert-FitsWidth $text $Width
            $text | Should -Match $(if ($Width -ge 97) { 'Mean\s+Spread\s+TaskMean\s+CPU\s+Verdict\s+Min\s+Max' } else { 'Mean\s+Spread\s+TaskMean\s+CPU\s+Verdict' })
            $text | Should -Not -Match 'Speedup'
            $text | Should -Not -Match '[≈*] '
            foreach ($result in $measured) {
                $line = $text -split "`n" | Where-Object { $_ -match "^$($result.Strategy)\s" }
                foreach ($seconds in @($result.Elapsed) + $(if ($Width -ge 97) { $result.ElapsedMin, $result.ElapsedMax })) {
                    $line | Should -BeLike "*$([ParallelCmdlets.Reports.TimeFormat]::Seconds($seconds))*"
                }
                $line | Should -Match '±\d+ %'
                Assert-WordsShown $text $result.Verdict
            }
        }

        It 'keeps the Status of every task, the failed one too' {
            $text = $records | Out-String -Width $Width
            Assert-FitsWidth $text $Width
            $text | Should -Match 'Task\s+Status'
            $text | Should -Match '(?m)^\s+2 Failed\s'
            @($text -split "`n" -match '^\s+[13] Completed\s').Count | Should -Be 2
        }

        It 'breaks the workloads'' descriptions between words' {
            $workloads = Get-Workload
            $text = $workloads | Out-String -Width $Width
            Assert-FitsWidth $text $Width
            foreach ($workload in $workloads) { Assert-WordsShown $text $workload.Description }
        }
    }

    It 'shows TaskMean and CPU beside the verdict where there is room' {
        $compared | Out-String -Width 120 | Should -Match 'Verdict\s+TaskMean\s+CPU'
    }

    It 'shows 2 worker processes of 3 threads as 2×3' {
        $result = Compare-Strategy -Workload Sleep -Size 10 -Tasks 6 -Workers 2 -ThreadsPerWorker 3 -Strategy Processes -Repeat 1 -Warmup 0
        $result | Out-String -Width 80 | Should -Match '(?m)^Processes\s+2×3\s'
    }

    It 'prints times without a double''s tail (0.09339536000000001), also for objects brought back from CSV and CLIXML' {
        $points = Measure-Scaling -Workload Sleep -Size 10 -Tasks 2 -Workers 1, 2 -Strategy Threads -Repeat 1 -Warmup 0 -WarningAction SilentlyContinue
        $csv = Join-Path $TestDrive 'records.csv'
        $records | Export-Csv $csv -IncludeTypeInformation
        $sets = @(@($records), @($compared), @($measured), @($points))
        $imported = foreach ($i in 0..($sets.Count - 1)) {
            $xml = Join-Path $TestDrive "set$i.xml"
            $sets[$i] | Export-Clixml $xml
            , @(Import-Clixml $xml)
        }
        $tail = '\d\.\d{7,}'
        foreach ($set in $sets + $imported + , @(Import-Csv $csv)) {
            ($set | Format-Table | Out-String -Width 200) | Should -Not -Match $tail
            ($set | Format-List | Out-String -Width 200) | Should -Not -Match $tail
        }
        # The data keeps every digit: a CSV holds the doubles as they are.
        (Import-Csv $csv)[0].End | Should -Be $records[0].End.ToString([cultureinfo]::InvariantCulture)
    }
}
