# What a new user met in their first hour at the prompt (issue 27), each as the user typed it: these failed
# before the fixes and hold the module to them.
BeforeDiscovery {
    # The help cases are built at discovery time, one per exported cmdlet.
    $cmdletNames = @((Import-Module $env:PARALLELCMDLETS_MODULE -Force -PassThru).ExportedCmdlets.Keys)
}

BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force

    . $PSScriptRoot/TestHelpers.ps1

    # A sweep point as Measure-Scaling writes it, for deterministic input.
    function New-Point([string] $Strategy, [int] $Workers, [double] $Speedup) {
        [ParallelCmdlets.ScalingPoint]@{
            Workload = 'Loop'; Strategy = $Strategy; Workers = $Workers; Size = 5000000; Tasks = 4
            Elapsed = 1 / $Speedup; ElapsedLow = 0.95 / $Speedup; ElapsedHigh = 1.05 / $Speedup; Speedup = $Speedup
            Verdict = 'scales: 1.9× of the 2.0× that 2 cores allow, 3 workers share them; tie with Processes ×2, Sequential'
        }
    }
}

Describe 'A ScriptBlock as users write it for ForEach-Object -Parallel' {
    It 'reads $using:limit as the caller''s value under <_>' -ForEach 'Sequential', 'Threads', 'Processes', 'ForEachParallel', 'ThreadJob', 'Job', 'RunspacePool' {
        $limit = 1000
        $written = Invoke-Workload -ScriptBlock { $s = 0; foreach ($i in 1..$using:limit) { $s += $i }; $s } -Strategy $_ -Tasks 2 -Workers 2 -PassThru
        @($written | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] }).Status | Should -Be Completed, Completed
        @($written | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] }) | Should -Be 500500, 500500 -Because 'every task summed 1..1000'
    }

    It 'captures $using: values when the command starts and serialises them into worker processes' {
        $table = @{ Name = 'caller' }
        $written = Invoke-Workload -ScriptBlock { "$($using:table.Name) $($using:table -is [hashtable])" } -Strategy Processes -Tasks 1 -PassThru
        @($written | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] }) | Should -Be 'caller True'
    }

    It 'stops a block that reads a variable of the prompt before anything is timed, naming $using: as the fix' {
        $limit = 1000
        $records = @()
        { $script:records = @(Compare-Strategy -ScriptBlock { $s = 0; foreach ($i in 1..$limit) { $s += $i }; $s } -Strategy Sequential, Threads -Tasks 4 -ErrorAction Stop) } |
            Should -Throw -ErrorId 'ScriptBlockReadsCallerVariable,*' -ExpectedMessage '*$using:limit*'
        $script:records | Should -BeNullOrEmpty
    }

    It 'runs such a block with -AllowCallerVariables, warning instead' {
        $limit = 1000
        $records = Invoke-Workload -ScriptBlock { $limit } -AllowCallerVariables -Strategy Sequential -Tasks 1 -WarningVariable warnings -WarningAction SilentlyContinue
        $records.Status | Should -Be Completed
        "$warnings" | Should -BeLike '*$limit*'
    }
}

Describe 'Warnings that inform without drowning the tables' {
    It 'writes at most one warning line per strategy, its most important with a count of the others, and keeps every warning on the result' {
        # Tasks this short draw two warnings each (too short to time, too few repeats).
        $results = Compare-Strategy -Workload Loop -Size 1000 -Tasks 2 -Workers 2 -Repeat 2 -Warmup 0 -WarningVariable warned -WarningAction SilentlyContinue
        @($results | Where-Object { $_.GetWarnings().Count -gt 1 }) | Should -Not -BeNullOrEmpty -Because 'the run should draw several warnings per strategy'
        @($warned).Count | Should -BeLessOrEqual @($results).Count
        foreach ($result in $results) {
            $line = @($warned | Where-Object { "$_".StartsWith("Loop $($result.Strategy): ") })
            $line | Should -HaveCount 1
            if ($result.GetWarnings().Count -gt 1) { "$($line[0])" | Should -BeLike "*(+$($result.GetWarnings().Count - 1) more*-Verbose*" }
        }
    }

    It 'ends a comparison of several piped workloads with one summary line, every warning still on the results' {
        $results = 'Loop', 'ScriptLoop' | Compare-Strategy -Size 1000 -Tasks 2 -Workers 2 -Repeat 2 -Warmup 0 -WarningVariable warned -WarningAction SilentlyContinue
        $total = ($results | ForEach-Object { $_.GetWarnings().Count } | Measure-Object -Sum).Sum
        $total | Should -BeGreaterThan 2
        @($warned) | Should -HaveCount 1
        "$($warned[0])" | Should -BeLike "$total warning(s) on * of $(@($results).Count) results*"
    }
}

Describe 'Scaling at 80 columns' {
    BeforeAll {
        # Threads follow no curve (the noise of a busy machine); Processes follow Amdahl's law closely.
        $script:points = @(New-Point Sequential 1 1.0
            foreach ($p in @(@(1, 1.0), @(2, 1.9), @(3, 1.2), @(4, 1.0))) { New-Point Threads $p[0] $p[1] }
            foreach ($n in 1..4) { New-Point Processes $n (1 / (0.25 + 0.75 / $n)) })
        $script:models = @($points | Get-ScalingModel)
    }

    It 'reports a law whose fit is poor as not fitting, never as a serial share' {
        $threads = $models | Where-Object Strategy -EQ Threads
        $threads.AmdahlRSquared | Should -BeLessThan ([ParallelCmdlets.ScalingModel]::MinRSquared)
        $threads.Description | Should -BeLike 'neither law fits*'
        $threads.Description | Should -Not -Match '% serial'
        ($models | Where-Object Strategy -EQ Processes).Description | Should -BeLike '25 % serial*'
    }

    It 'shows each model''s sentence whole and each law''s R² by its name at 80 columns' {
        $text = $models | Format-Table | Out-String -Width 80
        Assert-FitsWidth $text 80
        foreach ($model in $models) {
            Assert-WordsShown $text $model.Description
            foreach ($fit in $model.Fits()) { Assert-WordsShown $text $fit }
        }
        $text | Should -Match 'Amdahl R²'
        $text | Should -Match 'USL R²'
    }

    It 'shows a sweep point''s verdict whole at 80 columns' {
        $text = $points | Format-Table | Out-String -Width 80
        Assert-FitsWidth $text 80
        Assert-WordsShown $text $points[1].Verdict
    }
}

Describe 'Timelines from what users write to disk, at 80 columns' {
    BeforeAll {
        $script:results = Compare-Strategy -Workload Sleep -Size 10 -Tasks 4 -Workers 2 -Strategy Threads -Repeat 4 -Warmup 0 -WarningAction SilentlyContinue
    }

    It 'names $r.TaskRecords | Export-Csv as the way when given a CSV of results' {
        $path = Join-Path $TestDrive 'results.csv'
        $results | Export-Csv $path
        { Import-Csv $path | Show-Timeline -Width 80 -NoColor -ErrorAction Stop } | Should -Throw -ExpectedMessage '*$r.TaskRecords | Export-Csv*'
        { Import-Csv $path | Export-Timeline -Path (Join-Path $TestDrive 'x.html') -ErrorAction Stop } | Should -Throw -ExpectedMessage '*$r.TaskRecords | Export-Csv*'
    }

    It 'draws the CSV of the task records that message names' {
        $path = Join-Path $TestDrive 'tasks.csv'
        $results.TaskRecords | Export-Csv $path
        $lines = Import-Csv $path | Show-Timeline -Width 80 -NoColor
        @($lines | Where-Object { $_ -match '^\s+#\d+ w\d+ ' }) | Should -HaveCount 8
    }

    It 'shows the whole legend and says a Sequential panel ran on one worker' {
        $lines = @($results | Show-Timeline -Width 80 -NoColor)
        $text = $lines -join "`n"
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $text | Should -Not -Match '…'
        foreach ($item in 'compute', 'transfer in', 'transfer out', 'whole run', 'in the tool, not started') { $text | Should -Match $item }
        $lines[0] | Should -Match '2 workers'
        @($lines -match '^Sequential \(1 worker\) — ') | Should -HaveCount 1
    }
}

Describe 'One voice, and Measure-Strategy without a baseline' {
    It 'never tells a ScriptBlock both to leave -Size out and to raise it' {
        $results = Compare-Strategy -ScriptBlock { param($n) $n } -ArgumentList 1 -Size 100 -Tasks 4 -Workers 2 -Strategy Threads -Repeat 2 -Warmup 0 `
            -WarningVariable warned -WarningAction SilentlyContinue
        $all = @($warned | ForEach-Object { "$_" }) + @($results | ForEach-Object { $_.GetWarnings() })
        @($all -like '*leave -Size out*') | Should -HaveCount 1
        @($all -like '*raise -Size*') | Should -HaveCount 0
        # Whether a task this small falls under the timing limit depends on the machine; when it does, the advice is the code's own.
        foreach ($short in @($all -like '*tasks too short*')) { $short | Should -BeLike "*through the ScriptBlock's own parameters*" }
    }

    It 'shows what Measure-Strategy measured at 80 columns, with a verdict about the strategy itself and no tie marks' {
        $results = Measure-Strategy -Workload Sleep -Size 10 -Tasks 4 -Workers 2 -Strategy Threads, Processes -Repeat 4 -Warmup 0 -WarningAction SilentlyContinue
        $text = $results | Out-String -Width 80
        Assert-FitsWidth $text 80
        $text | Should -Match 'Mean\s+Spread\s+TaskMean\s+CPU\s+Verdict'
        $text | Should -Not -Match '≈'
        $text | Should -Not -Match 'no sequential baseline'
        foreach ($result in $results) {
            $result.Verdict | Should -Match '^(computing|waiting|part waiting or contending|copying|GC stopped)'
            Assert-WordsShown $text $result.Verdict
        }
    }
}

Describe 'Help true at 80 columns' {
    It 'numbers every example of <_>' -ForEach $cmdletNames {
        foreach ($title in @((Get-Help $_).examples.example.title)) { $title | Should -Match 'Example \d+:' }
    }

    It 'shows the output of each example of <_> that claims 80 columns within 76, so Get-Help''s indent of 4 keeps it within 80' -ForEach $cmdletNames {
        foreach ($example in @((Get-Help $_).examples.example)) {
            if (($example.remarks | Out-String) -notmatch '\b80 columns') { continue }
            # The command comes first; output follows a blank line. Warning and verbose lines are the host's, wrapped by it.
            $output = ($example.code -split "`r?`n`r?`n", 2)[1]
            foreach ($line in @($output -split "`r?`n")) {
                if ($line -match '^(WARNING|VERBOSE|PS>)') { continue }
                $line.TrimEnd().Length | Should -BeLessOrEqual 76 -Because "in $($example.title): '$line'"
            }
        }
    }

    It 'describes in about_ParallelCmdlets the table as it is' {
        $about = Get-Help about_ParallelCmdlets | Out-String
        $about | Should -Not -Match 'Fastest column'
        $about | Should -Match 'before a Speedup'
    }

    It 'names the bound of LockedLoop for what it is, a lock' {
        (Get-Workload LockedLoop).Bound | Should -Be 'Lock'
    }
}
