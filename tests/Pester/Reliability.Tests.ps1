BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force

    function Get-ChildProcessCount {
        # Worker processes are children of this pwsh; count what is left of them.
        @(Get-Process | Where-Object { $_.Parent -and $_.Parent.Id -eq $PID -and -not $_.HasExited }).Count
    }

    function Get-PoolFolder {
        @(Get-ChildItem -Path ([IO.Path]::GetTempPath()) -Directory -Filter 'pcw-*' -ErrorAction SilentlyContinue).FullName
    }
}

Describe 'Reliability' {
    It 'stops within a second when the host calls Stop(), leaving no worker process' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddParameter('Name', $env:PARALLELCMDLETS_MODULE).AddStatement()
            $null = $shell.AddCommand('Invoke-Workload').AddParameter('Workload', 'Sleep').AddParameter('Size', 10000).
                AddParameter('Strategy', 'Processes').AddParameter('Workers', 2).AddParameter('Tasks', 4)
            $async = $shell.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Get-ChildProcessCount) -lt 2 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Milliseconds 300
            (Get-ChildProcessCount) | Should -Be 2
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
            $async.IsCompleted | Should -BeTrue
        }
        finally { $shell.Dispose() }
        Start-Sleep -Milliseconds 200
        Get-ChildProcessCount | Should -Be 0
    }

    It 'ends the run and its workers on a failing task with -ErrorAction Stop' {
        { Invoke-Workload -ScriptBlock { if ($TaskId -eq 1) { throw 'first task fails' } else { Start-Sleep 5 } } -Strategy Processes -Workers 2 -Tasks 4 -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*first task fails*'
        Start-Sleep -Milliseconds 300
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
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $records = Invoke-Workload -Workload Sleep -Size 5000 -Tasks 2 -Workers 2 -Strategy $_ -TimeoutSeconds 0.3
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 4
        $records.Status | Should -Be 'Cancelled', 'Cancelled'
        $records[0].Error | Should -Match 'timeout'
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
        Start-Sleep -Milliseconds 200
        Get-ChildProcessCount | Should -Be 0
        # Other processes may come and go; none of the folders may be new.
        Get-PoolFolder | Where-Object { $_ -notin $folders } | Should -BeNullOrEmpty
        if ($IsLinux) { @(Get-ChildItem "/proc/$PID/fd").Count | Should -BeLessOrEqual ($handles + 10) }
    }
}
