BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    $small = @{ Loop = 100000; LockedLoop = 100000; ScriptLoop = 2000; Csv = 200; Matrix = 60; Transfer = 5; Sleep = 20 }
    $recordProperties = 'RunId', 'Workload', 'Strategy', 'Workers', 'ThreadsPerWorker', 'TaskId', 'WorkerId', 'ProcessId', 'ThreadId',
        'Start', 'End', 'Duration', 'QueueWait', 'TransferIn', 'TransferOut', 'CpuSeconds', 'BytesIn', 'BytesOut', 'TransferMode', 'Status', 'Error'
}

Describe 'Invoke-Workload' {
    Context 'the first vertical slice' {
        It 'emits one TaskRecord per task for Loop on two threads' {
            $records = Invoke-Workload -Workload Loop -Strategy Threads -Workers 2 -Tasks 4 -Size 100000
            $records | Should -HaveCount 4
            $records | ForEach-Object { $_.GetType().FullName | Should -Be 'ParallelCmdlets.TaskRecord' }
            ($records.TaskId | Sort-Object) | Should -Be 1, 2, 3, 4
        }
    }

    Context 'every workload under every strategy' {
        It 'runs <Workload> with <Strategy>' -ForEach @(
            foreach ($w in 'Loop', 'LockedLoop', 'ScriptLoop', 'Csv', 'Matrix', 'Transfer', 'Sleep') {
                foreach ($s in 'Sequential', 'Threads', 'Processes') { @{ Workload = $w; Strategy = $s } }
            }
        ) {
            $records = Invoke-Workload -Workload $Workload -Strategy $Strategy -Tasks 2 -Workers 2 -Size $small[$Workload]
            $records | Should -HaveCount 2
            $records.Status | Should -Be 'Completed', 'Completed'
            $records.Strategy | Select-Object -Unique | Should -Be $Strategy
            $records.Workload | Select-Object -Unique | Should -Be $Workload
            if ($Strategy -eq 'Processes') { $records.ProcessId | Should -Not -Contain $PID }
            else { $records.ProcessId | Select-Object -Unique | Should -Be $PID }
        }
    }

    Context 'the record contract' {
        BeforeAll {
            $record = Invoke-Workload -Workload Transfer -Size 3 -Strategy Processes -Tasks 1 -Workers 1
        }

        It 'has every contracted property' {
            $names = $record.PSObject.Properties.Name
            foreach ($p in $recordProperties) { $names | Should -Contain $p }
        }

        It 'keeps times as seconds in doubles so they sort and sum' {
            foreach ($p in 'Start', 'End', 'Duration', 'QueueWait', 'TransferIn', 'TransferOut', 'CpuSeconds') { $record.$p | Should -BeOfType [double] }
            $record.End | Should -BeGreaterOrEqual $record.Start
        }

        It 'counts the bytes a process task moved' {
            $record.BytesIn | Should -Be (3 * 1000 * 8)
            $record.BytesOut | Should -Be (3 * 1000 * 8)
        }

        It 'round-trips through Export-Csv with scalar columns only' {
            $path = Join-Path $TestDrive 'runs.csv'
            Invoke-Workload -Workload Sleep -Size 10 -Tasks 3 | Export-Csv -Path $path
            $rows = Import-Csv $path
            $rows | Should -HaveCount 3
            foreach ($p in $recordProperties) { $rows[0].PSObject.Properties.Name | Should -Contain $p }
            (Get-Content -Raw $path) | Should -Not -Match 'System\.(Object|Collections)'
        }

        It 'measures the CPU time of a compiled Loop task on its own thread under <_>' -ForEach 'Sequential', 'Threads', 'Processes' {
            # A loop computes all the time it runs: its thread's CPU time is positive and cannot exceed its duration.
            $records = Invoke-Workload -Workload Loop -Size 2000000 -Strategy $_ -Tasks 2 -Workers 2
            foreach ($r in $records) {
                $r.CpuSeconds | Should -BeGreaterThan 0
                $r.CpuSeconds | Should -BeLessOrEqual ($r.Duration + 0.002)
            }
        }

        It 'shows the task''s CPU time in its table and list' {
            $records = Invoke-Workload -Workload Loop -Size 2000000 -Strategy Threads -Tasks 2 -Workers 2
            $text = $records | Format-Table | Out-String -Width 120
            $text | Should -Match 'Duration\s+CPU\s+QueueWait'
            ($records[0] | Format-List | Out-String -Width 120) | Should -Match '(?m)^CpuSeconds\s+: [\d.]+ (ms|s)$'
        }

        It 'renders as a table within 120 columns' {
            $text = Invoke-Workload -Workload Sleep -Size 10 -Tasks 2 | Format-Table | Out-String -Width 120
            $text | Should -Match 'Sleep|Threads'
            ($text -split "`n" | Measure-Object -Maximum -Property Length).Maximum | Should -BeLessOrEqual 120
        }
    }

    Context 'a ScriptBlock' {
        It 'runs under <_> and returns its objects with -PassThru' -ForEach 'Sequential', 'Threads', 'Processes' {
            $out = Invoke-Workload -ScriptBlock { param($n) [pscustomobject]@{ Square = $n * $n; Task = $TaskId } } -ArgumentList 7 -Strategy $_ -Tasks 2 -Workers 2 -PassThru
            $records = $out | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] }
            $objects = $out | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] }
            $records | Should -HaveCount 2
            $records.Workload | Select-Object -Unique | Should -Be 'ScriptBlock'
            $objects | Should -HaveCount 2
            $objects.Square | Should -Be 49, 49
            ($objects.Task | Sort-Object) | Should -Be 1, 2
        }

        It 'runs each task in its worker''s own runspace, never the caller''s, under <_>' -ForEach 'Sequential', 'Threads', 'Processes' {
            $caller = "$([runspace]::DefaultRunspace.InstanceId)"
            $report = { [pscustomobject]@{ Task = $TaskId; Runspace = "$([runspace]::DefaultRunspace.InstanceId)" } }
            if ($_ -eq 'Threads') {
                # Each thread's first task waits (60 s bound) for the other's, so both threads take tasks however
                # fast the first one is; a runspace-global flag marks a thread's first task.
                $gate = [System.Threading.CountdownEvent]::new(2)
                $report = { $g = $using:gate; if (-not $global:__signalled) { $global:__signalled = $true; $null = $g.Signal(); $null = $g.Wait(60000) }; [pscustomobject]@{ Task = $TaskId; Runspace = "$([runspace]::DefaultRunspace.InstanceId)" } }
            }
            $out = Invoke-Workload -ScriptBlock $report -Strategy $_ -Workers 2 -Tasks 6 -PassThru
            $records = @($out | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] })
            $reports = @($out | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] })
            $records | Should -HaveCount 6
            $reports | Should -HaveCount 6
            # A worker is a thread (of this process or of a worker process): one runspace each, none shared.
            $workerOf = @{}
            foreach ($r in $records) { $workerOf[$r.TaskId] = "$($r.ProcessId)/$($r.ThreadId)" }
            $byWorker = @($reports | Group-Object { $workerOf[[int]$_.Task] })
            foreach ($g in $byWorker) { @($g.Group.Runspace | Select-Object -Unique) | Should -HaveCount 1 -Because "worker $($g.Name) keeps one runspace" }
            @($reports.Runspace | Select-Object -Unique) | Should -HaveCount $byWorker.Count
            if ($_ -eq 'Sequential') { $byWorker | Should -HaveCount 1 }
            if ($_ -eq 'Threads') { $byWorker | Should -HaveCount 2 }
            $reports.Runspace | Should -Not -Contain $caller
        }

        It 'runs a ScriptBlock in worker processes on the caller''s own PowerShell, loaded into the module''s worker rather than a pwsh' {
            $out = Invoke-Workload -ScriptBlock {
                [pscustomobject]@{
                    Version = "$($PSVersionTable.PSVersion)"; Home = $PSHOME; Runtime = "$([Environment]::Version)"
                    Command = [Environment]::GetCommandLineArgs() -join ' '; Module = (Get-Command Get-ChildItem).Source
                }
            } -Strategy Processes -Tasks 2 -Workers 2 -PassThru
            $records = @($out | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] })
            $seen = @($out | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] })
            $records.ProcessId | Should -Not -Contain $PID
            $seen | Should -HaveCount 2
            $seen.Version | Should -Be "$($PSVersionTable.PSVersion)", "$($PSVersionTable.PSVersion)"
            $seen.Home | Should -Be $PSHOME, $PSHOME
            $seen.Runtime | Should -Be "$([Environment]::Version)", "$([Environment]::Version)"
            # PowerShell's own modules load from that installation, as in pwsh.
            $seen.Module | Should -Be 'Microsoft.PowerShell.Management', 'Microsoft.PowerShell.Management'
            foreach ($command in $seen.Command) { $command | Should -BeLike '*ParallelCmdlets.Worker.dll --powershell*' }
        }

        It 'turns an error in the script into a failed task and an error record' {
            $records = Invoke-Workload -ScriptBlock { param($n) if ($TaskId -eq 2) { throw "bad $n" } } -ArgumentList 5 -Tasks 3 -Workers 1 -ErrorVariable errs -ErrorAction SilentlyContinue
            ($records | Where-Object Status -EQ 'Failed').TaskId | Should -Be 2
            ($records | Where-Object Status -EQ 'Failed').Error | Should -Match 'bad 5'
            ($records | Where-Object Status -EQ 'Completed') | Should -HaveCount 2
            $errs | Should -HaveCount 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'TaskFailed,ParallelCmdlets.Commands.InvokeWorkloadCommand'
        }

        It 'reads $using: as the caller''s value when the command starts' {
            $x = 41
            $written = Invoke-Workload -ScriptBlock { $using:x + 1 } -Strategy Threads -Tasks 2 -Workers 2 -PassThru
            @($written | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] }) | Should -Be 42, 42
        }
    }

    Context 'a ScriptBlock that needs the caller''s session, or set-up' {
        It 'with -AllowCallerVariables, warns when the ScriptBlock reads a variable or calls a function of this session that a worker will not have' {
            $limit = 5
            function Get-Limit { 5 }
            $records = Invoke-Workload -ScriptBlock { Get-Limit; $limit } -AllowCallerVariables -Strategy Sequential -Tasks 1 -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
            $records | Should -HaveCount 1
            $warnings | Should -HaveCount 1
            "$($warnings[0])" | Should -BeLike 'The ScriptBlock uses $limit, Get-Limit, which this session has but a worker will not*-ArgumentList*-InitializationScript*ignore this warning*'
        }

        It 'does not warn about what the ScriptBlock or its -InitializationScript define, nor about PowerShell''s own' {
            $n = 3
            function Get-Limit { 5 }
            $null = Invoke-Workload -ScriptBlock { param($n) $total = 0; foreach ($i in 1..$n) { $total += $i }; Get-Limit; $PSVersionTable; $TaskId; Get-Date } `
                -ArgumentList 3 -InitializationScript { function Get-Limit { 5 } } -Strategy Sequential -Tasks 1 -WarningVariable warnings
            $warnings | Should -BeNullOrEmpty
        }

        It 'runs -InitializationScript once in every worker of <_> before timing, its functions there for every task' -ForEach 'Sequential', 'Threads', 'Processes' {
            # The set-up sleeps 2 s: counted in a task, the worker's first task would take at least that long, far
            # longer than calling one function takes even in a fresh, busy pwsh.
            $out = Invoke-Workload -ScriptBlock { Get-Greeting } -InitializationScript { Start-Sleep -Seconds 2; function Get-Greeting { "hello $TaskId" } } `
                -Strategy $_ -Workers 2 -Tasks 4 -PassThru
            $records = @($out | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] })
            $records.Status | Select-Object -Unique | Should -Be 'Completed'
            ($out | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] } | Sort-Object) | Should -Be 'hello 1', 'hello 2', 'hello 3', 'hello 4'
            $records | ForEach-Object { $_.Duration | Should -BeLessThan 2 -Because 'the set-up is not part of a task' }
        }

        It 'refuses -InitializationScript under PowerShell''s own tools, saying why' {
            { Invoke-Workload -ScriptBlock { 1 } -InitializationScript { 1 } -Strategy ForEachParallel -ErrorAction Stop } |
                Should -Throw -ErrorId 'InitializationScriptNeedsModuleStrategy,*' -ExpectedMessage '*would run again in every task*'
        }

        It 'says so when -Size is given to a ScriptBlock that does not read $Size, and not when it does' {
            $null = Invoke-Workload -ScriptBlock { 1 } -Size 5 -Strategy Sequential -Tasks 1 -WarningVariable ignored -WarningAction SilentlyContinue
            "$ignored" | Should -BeLike '*-Size reaches a ScriptBlock only as $Size*-Size 5 changes nothing here*'
            $out = Invoke-Workload -ScriptBlock { $Size * 2 } -Size 5 -Strategy Sequential -Tasks 1 -PassThru -WarningVariable used
            $used | Should -BeNullOrEmpty
            $out[-1] | Should -Be 10
        }
    }

    Context 'progress and narration' {
        It 'narrates its phases with -Verbose' {
            $verbose = Invoke-Workload -Workload Sleep -Size 10 -Tasks 2 -Strategy Processes -Workers 1 -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            ($verbose.Message -join "`n") | Should -Match 'starting 1 worker process'
            ($verbose.Message -join "`n") | Should -Match 'pool ready'
        }

        It 'tab-completes the -Workload parameter' {
            $line = 'Invoke-Workload -Workload Ma'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'Matrix'
        }
    }
}
