BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . $PSScriptRoot/TestHelpers.ps1
}

Describe 'Reliability' {
    It 'stops within a second when the host calls Stop(), leaving no worker process' {
        $bound = Get-StopBound
        $shell, $async = Start-HostedCommand Invoke-Workload @{ Workload = 'Sleep'; Size = 10000; Strategy = 'Processes'; Workers = 2; Tasks = 4; Verbose = $true }
        try {
            Wait-Until { Test-PoolReady $shell } 60 | Should -BeTrue -Because 'the pool of two workers starts'
            Get-ChildProcessCount | Should -Be 2
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $null = Wait-Until { $async.IsCompleted } $bound
            $watch.Elapsed.TotalSeconds | Should -BeLessThan $bound
            $shell.InvocationStateInfo.State | Should -Be Stopped
            $async.IsCompleted | Should -BeTrue
        }
        finally { Close-Shell $shell $async }
        Wait-Until { (Get-ChildProcessCount) -eq 0 } 10 | Should -BeTrue -Because 'no worker process is left behind'
    }

    It 'stops within a second when Stop() comes while the pool starts, leaving no process behind' {
        # pwsh-hosted workers take about half a second to start: Stop() lands in the middle of it.
        $bound = Get-StopBound
        $shell, $async = Start-HostedCommand Invoke-Workload @{ ScriptBlock = { $TaskId }; Strategy = 'Processes'; Workers = 2; Tasks = 2; Verbose = $true }
        try {
            Wait-Until { (Get-ChildProcessCount) -ge 1 } 60 | Should -BeTrue
            $stoppedDuringStart = -not (Test-PoolReady $shell)
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $null = Wait-Until { $async.IsCompleted } $bound
            $watch.Elapsed.TotalSeconds | Should -BeLessThan $bound
            $shell.InvocationStateInfo.State | Should -Be Stopped
            $async.IsCompleted | Should -BeTrue
        }
        finally { Close-Shell $shell $async }
        Wait-Until { (Get-ChildProcessCount) -eq 0 } 10 | Should -BeTrue -Because 'no worker process is left behind'
        # The pool was still starting, or the test proved nothing about a stop during start-up.
        $stoppedDuringStart | Should -BeTrue -Because 'Stop() came before the pool was ready'
    }

    It 'stops a <Workload> run under Threads within a second and leaves no task computing' -ForEach @(
        @{ Workload = 'Matrix'; Size = 1200; Tasks = 64 }
        @{ Workload = 'Transfer'; Size = 10000; Tasks = 400 }
    ) {
        # The same small run before and after: after the stop it must take about as long (a task thread still
        # computing would hold it back, since measurements in one process take turns).
        $reference = Measure-Command { Invoke-Workload -Workload Loop -Size 1000 -Tasks 1 -Strategy Threads -Workers 1 | Out-Null }
        $bound = Get-StopBound
        $shell, $async = Start-HostedCommand Invoke-Workload @{ Workload = $Workload; Size = $Size; Strategy = 'Threads'; Workers = 2; Tasks = $Tasks }
        try {
            Wait-Until { (Test-TaskDone $shell) -or $async.IsCompleted } 60 | Should -BeTrue -Because 'the first task finishes'
            $async.IsCompleted | Should -BeFalse -Because 'the run must still be going when it is stopped'
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan $bound
        }
        finally { Close-Shell $shell $async }
        $after = Measure-Command { Invoke-Workload -Workload Loop -Size 1000 -Tasks 1 -Strategy Threads -Workers 1 | Out-Null }
        $after.TotalSeconds | Should -BeLessThan ($bound + 5 * $reference.TotalSeconds) -Because 'no task thread of the stopped run may hold the next one back'
        # Before the workloads listened, both cores stayed busy for seconds after Stop(): 2 s of CPU a second, for
        # as long as the tasks left would have taken (tens of seconds here). Now a band of a product already in
        # flight may finish, and then no task thread computes: a quarter-second window with almost no task CPU
        # comes within the stop bound. Only task threads count: pwsh's own JIT thread compiles this very test.
        $idle = Wait-Until {
            $cpu = Get-TaskThreadCpu
            Start-Sleep -Milliseconds 250 # the window the CPU is read over, not a wait before the assertion
            ((Get-TaskThreadCpu) - $cpu) -lt 0.05
        } (2 * $bound)
        $idle | Should -BeTrue -Because 'no task thread of the stopped run may still be computing'
    }

    It 'names the timeout as the cause of every task a timed-out worker took with it' {
        # Task 1 sleeps past the timeout on one slot of the worker while its other slot runs short tasks: when
        # the worker is ended for task 1, the sibling task in flight is lost for that reason, not 'died'. Should
        # the kill fall in the instant between two sibling tasks, nothing was in flight: the case is run again.
        # A sibling takes a sixth of the timeout, so even a loaded machine does not time it out itself; eleven
        # of them keep the slot busy past the timeout.
        foreach ($attempt in 1..3) {
            $records = Invoke-Workload -ScriptBlock { if ($TaskId -eq 1) { Start-Sleep 10 } else { Start-Sleep -Milliseconds 400 }; $TaskId } `
                -Strategy Processes -Workers 1 -ThreadsPerWorker 2 -Tasks 12 -TimeoutSeconds 2.5
            $lost = @($records | Where-Object { $_.TaskId -ne 1 -and $_.Status -ne 'Completed' })
            if ($lost.Count -gt 0) { break }
        }
        $records | Should -HaveCount 12
        ($records | Where-Object TaskId -EQ 1).Error | Should -BeLike '*ran past the 2.5 s timeout*'
        $lost.Count | Should -BeGreaterThan 0 -Because 'the sibling slot had a task in flight when the worker was ended'
        $lost | ForEach-Object {
            $_.Status | Should -Be 'Cancelled'
            $_.Error | Should -BeLike '*ended because task 1 ran past the 2.5 s timeout*'
        }
        $records.Error | Should -Not -Match 'could not be inspected|died'
        ($records | Where-Object Status -EQ Completed).Count | Should -Be (11 - $lost.Count)
    }

    It 'ends the run and its workers on a failing task with -ErrorAction Stop' {
        { Invoke-Workload -ScriptBlock { if ($TaskId -eq 1) { throw 'first task fails' } else { Start-Sleep 5 } } -Strategy Processes -Workers 2 -Tasks 4 -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*first task fails*'
        Wait-Until { (Get-ChildProcessCount) -eq 0 } 10 | Should -BeTrue -Because 'the workers are ended with the run'
        Get-ChildProcessCount | Should -Be 0
    }

    It 'writes an error per failed task and finishes the others without -ErrorAction Stop' {
        $records = Invoke-Workload -ScriptBlock { if ($TaskId -eq 2) { throw 'only two' } } -Strategy Processes -Workers 2 -Tasks 4 -ErrorAction SilentlyContinue -ErrorVariable errs
        ($records | Where-Object Status -EQ Completed) | Should -HaveCount 3
        $errs | Should -HaveCount 1
        $errs[0].CategoryInfo.Category | Should -Be 'OperationStopped'
        $errs[0].TargetObject.TaskId | Should -Be 2
    }

    It 'cancels a task past -TimeoutSeconds under <_>' -ForEach 'Threads', 'Processes' {
        # A timed-out task ends within the timeout and a stop; the tasks sleep four times that, so a timeout that
        # did not fire cannot pass for one that did.
        $timeout = 0.3
        $bound = $timeout + (Get-StopBound)
        $records = Invoke-Workload -Workload Sleep -Size ([int](4000 * $bound)) -Tasks 2 -Workers 2 -Strategy $_ -TimeoutSeconds $timeout
        $records.Status | Should -Be 'Cancelled', 'Cancelled'
        $records[0].Error | Should -Match 'timeout'
        $records | ForEach-Object { $_.Duration | Should -BeLessThan $bound -Because "task $($_.TaskId) was to be ended at its $timeout s timeout" }
    }

    It 'ends the timed-out tasks of four pwsh workers together and leaves no PowerShell host socket behind' {
        # Issue 17: the four timeouts ended one after another and the run then waited for four replacement pwsh
        # workers it would never use. The pool's own start-up (said in the verbose stream) is not the run's.
        # A socket left long ago by another process with a reused pid is not this run's: only new ones count.
        $socketsBefore = Get-HostSocket
        $timeout = 0.5
        $bound = $timeout + (Get-StopBound)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $out = Invoke-Workload -ScriptBlock { Start-Sleep 30 } -Tasks 4 -Workers 4 -TimeoutSeconds $timeout -Strategy Processes -Verbose 4>&1
        $total = $watch.Elapsed.TotalSeconds
        $records = @($out | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] })
        $ready = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'pool ready in (\d+) ms' })
        $ready | Should -HaveCount 1
        $startup = [double]([regex]::Match($ready[0].Message, 'pool ready in (\d+) ms').Groups[1].Value) / 1000

        $records.Status | Should -Be 'Cancelled', 'Cancelled', 'Cancelled', 'Cancelled'
        foreach ($id in $records.ProcessId | Sort-Object -Unique) {
            @(Get-HostSocket -ProcessId $id | Where-Object { $_ -notin $socketsBefore }) |
                Should -BeNullOrEmpty -Because "worker $id was killed by the pool"
        }
        # Together: every task ends within its timeout and one stop of its start, not after the others' ends.
        $records | ForEach-Object { $_.Duration | Should -BeLessThan $bound -Because "task $($_.TaskId) was to be ended at its $timeout s timeout" }
        # No replacement pool: after the last task ended, far less than the pool's own start-up passed.
        $last = ($records.End | Measure-Object -Maximum).Maximum
        ($total - $startup - $last) | Should -BeLessThan (0.5 * $startup) -Because "the run took $total s, of which $startup s started the pool and its tasks ended by $last s"
    }

    It 'keeps the protocol intact when user code writes to the console and stdout in a worker' {
        $out = Invoke-Workload -ScriptBlock { Write-Host 'host noise'; [Console]::Out.WriteLine('stdout noise'); [Console]::Error.WriteLine('stderr noise'); 42 } -Strategy Processes -Workers 1 -Tasks 2 -PassThru
        ($out | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] }).Status | Should -Be 'Completed', 'Completed'
        ($out | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] }) | Should -Be 42, 42
    }

    It 'leaves no process, no pool folder and no growing handle count after ten runs' {
        Invoke-Workload -Workload Loop -Size 1000 -Strategy Processes -Workers 2 -Tasks 2 | Out-Null
        $folders = Get-PoolFolder
        $handles = @(Get-ChildItem "/proc/$PID/fd" -ErrorAction SilentlyContinue).Count
        foreach ($i in 1..10) {
            Invoke-Workload -Workload Loop -Size 1000 -Strategy Processes -Workers 2 -Tasks 4 | Out-Null
        }
        Wait-Until { (Get-ChildProcessCount) -eq 0 } 10 | Should -BeTrue -Because 'every pool ended its workers'
        # Only this pwsh's pools' folders count (they carry its process id); none may be new.
        Get-PoolFolder | Where-Object { $_ -notin $folders } | Should -BeNullOrEmpty
        if ($IsLinux) { @(Get-ChildItem "/proc/$PID/fd").Count | Should -BeLessOrEqual ($handles + 10) }
    }
}
