BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . $PSScriptRoot/TestHelpers.ps1

    # Two real SSH servers on two loopback addresses and one port, as two hosts would be: the same user key, one
    # known_hosts file. The second has this very module in its sessions' PSModulePath; the first has not.
    $script:Skip = Get-TestSshdProblem
    $script:Servers = @()
    if (-not $Skip) {
        try {
            $script:A = Start-TestSshd -Address 127.0.0.1
            $script:Servers += $A
            $script:B = Start-TestSshd -Address 127.0.0.2 -Port $A.Port -KeyFilePath $A.KeyFilePath -KnownHostsFile $A.KnownHostsFile `
                -ModulePath (Split-Path (Resolve-Path $env:PARALLELCMDLETS_MODULE))
            $script:Servers += $B
        }
        catch {
            $script:Skip = "sshd could not be started here: $_"
        }
    }
    # What every Remote run of these tests passes: the servers' port, the user key, their known_hosts and BatchMode.
    $script:Ssh = if (-not $Skip) { @{ Port = $A.Port; KeyFilePath = $A.KeyFilePath; Options = $A.Options } } else { @{} }

    function Skip-WithoutSshd {
        if ($script:Skip) { Set-ItResult -Skipped -Because $script:Skip }
        [bool]$script:Skip
    }
}

AfterAll {
    $script:Servers | Stop-TestSshd
}

Describe 'The Remote strategy over SSH' -Tag Remote {
    It 'compares Sequential, Threads and Remote on two hosts, each remote record naming its host, and closes the sessions it opened' {
        if (Skip-WithoutSshd) { return }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $rows = Compare-Strategy -ScriptBlock { param($n) $s = 0; foreach ($i in 1..$n) { $s += $i }; $s } -ArgumentList 20000 `
            -Strategy Sequential, Threads, Remote -HostName 127.0.0.1, 127.0.0.2 @Ssh -Workers 2 -Tasks 8 -Repeat 4 -Warmup 1 -WarningAction SilentlyContinue
        $took = $watch.Elapsed.TotalSeconds
        $rows.Strategy | Should -Be Sequential, Threads, Remote
        $remote = $rows[2]
        $remote.Workers | Should -Be 4 -Because '2 sessions on each of 2 hosts'
        $remote.FailedTasks | Should -Be 0
        $remote.StartupSeconds | Should -BeGreaterThan 0
        $remote.StartupSeconds | Should -BeLessThan $took -Because 'the sessions open within the command, in seconds'
        $records = $remote.GetTaskRecords()
        ($records.HostName | Sort-Object -Unique) | Should -Be '127.0.0.1', '127.0.0.2'
        foreach ($r in $records) {
            $r.ProcessId | Should -Not -Be $PID
            $r.TransferIn | Should -BeGreaterOrEqual 0
            $r.TransferOut | Should -BeGreaterOrEqual 0
            $r.End | Should -BeGreaterOrEqual $r.Start
            $r.ClockUncertainty | Should -BeGreaterThan 0
        }
        # Half the best round trip over SSH to this machine: well under a second.
        $remote.ClockUncertainty | Should -BeLessThan 0.1
        $remote.ClockUncertainty | Should -Be ($records.ClockUncertainty | Measure-Object -Maximum).Maximum
        $rows[0].GetTaskRecords().HostName | Should -Be (@('') * 8)
        # Both addresses reach this machine: its cores are counted once, and its own load is not the hosts'.
        $remote.Runs[0].Cores | Should -Be ([Environment]::ProcessorCount)
        $remote.OtherLoad | Should -BeNullOrEmpty

        Wait-Until { (Get-ServedPwsh $A.Process.Id).Count + (Get-ServedPwsh $B.Process.Id).Count -eq 0 } | Should -BeTrue -Because 'the module closes the sessions it opened'
        @(Get-PSSession).Count | Should -Be 0
    }

    It 'stamps a Remote comparison''s result, runs and records with when it started and the size asked, as every strategy' {
        # Issue 24: Remote built its run and record header by hand: StartedUtc 0001-01-01 and Size 0.
        if (Skip-WithoutSshd) { return }
        $before = [DateTime]::UtcNow.AddSeconds(-1)
        $rows = Compare-Strategy -Workload Sleep -Size 50 -Strategy Sequential, Remote -HostName 127.0.0.1 @Ssh -Workers 1 -Tasks 2 -Repeat 4 -Warmup 0 -WarningAction SilentlyContinue
        foreach ($row in $rows) {
            $row.StartedUtc | Should -BeGreaterThan $before -Because "$($row.Strategy)'s result"
            $row.Runs | ForEach-Object { $_.StartedUtc | Should -BeGreaterThan $before -Because "$($row.Strategy)'s runs" }
            $row.GetTaskRecords() | ForEach-Object {
                $_.Size | Should -Be 50 -Because "$($row.Strategy)'s records"
                $_.RunStartedUtc | Should -BeGreaterThan $before
            }
        }
    }

    It 'draws a Remote run with its rows grouped and labelled by host' {
        if (Skip-WithoutSshd) { return }
        $path = Join-Path $TestDrive 'remote.html'
        Invoke-Workload -ScriptBlock { Start-Sleep -Milliseconds 30 } -Strategy Remote -HostName 127.0.0.1, 127.0.0.2 @Ssh -Workers 1 -Tasks 4 |
            Export-Timeline -Path $path | Out-Null
        $html = Get-Content $path -Raw
        $html | Should -Match '#\d+ · 127\.0\.0\.1 w\d'
        $html | Should -Match '#\d+ · 127\.0\.0\.2 w\d'
        $html | Should -Match 'host 127\.0\.0\.2 \(clock ± '
    }

    It 'hands arguments and results across as remoting serialises them, and weighs both as CLIXML' {
        if (Skip-WithoutSshd) { return }
        $out = Invoke-Workload -ScriptBlock { param($n, $label) "$label $TaskId/$Size"; [double[]]::new($n) } -ArgumentList 1000, 'task' `
            -Strategy Remote -HostName 127.0.0.1 @Ssh -Workers 1 -Tasks 2 -PassThru
        $records = @($out | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] })
        $records.Count | Should -Be 2
        $outputs = @($out | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] })
        $outputs | Where-Object { $_ -is [string] } | Sort-Object | Should -Be 'task 1/1', 'task 2/1'
        @($outputs | Where-Object { $_ -isnot [string] }).Count | Should -Be 2000 -Because 'each element of each array crossed'
        foreach ($r in $records) {
            $r.BytesIn | Should -BeGreaterThan 0
            # A thousand <Db>0</Db> elements at least.
            $r.BytesOut | Should -BeGreaterThan 10000
        }
    }

    It 'maps the host''s clock so that a task''s own time is what it slept, within the mapping''s uncertainty' {
        if (Skip-WithoutSshd) { return }
        $records = Invoke-Workload -Workload Sleep -Size 200 -Strategy Remote -HostName 127.0.0.2 @Ssh -Workers 1 -Tasks 4
        ($records[0] | Format-List | Out-String -Width 120) | Should -Match '(?m)^HostName\s+: 127\.0\.0\.2\s*\n\s*ClockUncertainty\s+: [\d.]+ (ms|s)'
        foreach ($r in $records) {
            $r.Status | Should -Be Completed
            $r.HostName | Should -Be '127.0.0.2'
            # Compute lies between the task's two stamps mapped here: never shorter than its 200 ms of sleep.
            $r.Compute | Should -BeGreaterThan (0.2 - 2 * $r.ClockUncertainty - 0.001)
            $r.Duration | Should -BeGreaterOrEqual $r.Compute
        }
        # A warm session's sleep is 200 ms and what Start-Sleep itself costs (the first task also pays its loading).
        ($records.Compute | Measure-Object -Minimum).Minimum | Should -BeLessThan (0.2 + 2 * $records[0].ClockUncertainty + 0.1)
    }

    It 'fails a task that throws alone, naming the host, and runs the others' {
        if (Skip-WithoutSshd) { return }
        $records = Invoke-Workload -ScriptBlock { if ($TaskId -eq 2) { throw 'task two broke' }; $TaskId } -Strategy Remote -HostName 127.0.0.1 @Ssh `
            -Workers 1 -Tasks 3 -ErrorAction SilentlyContinue -ErrorVariable failures
        ($records | Where-Object Status -eq Failed).TaskId | Should -Be 2
        ($records | Where-Object Status -eq Failed).Error | Should -Match '^127\.0\.0\.1: .*task two broke'
        @($records | Where-Object Status -eq Completed).Count | Should -Be 2
        "$failures" | Should -Match 'task two broke'
    }

    It 'runs -InitializationScript once in every session before the timed runs, so the tasks find what it defined' {
        if (Skip-WithoutSshd) { return }
        $written = Invoke-Workload -ScriptBlock { Get-Answer } -InitializationScript { function Get-Answer { 42 } } -Strategy Remote `
            -HostName 127.0.0.1, 127.0.0.2 @Ssh -Workers 1 -Tasks 4 -PassThru
        $records = @($written | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] })
        $records.Status | Should -Be Completed, Completed, Completed, Completed
        $records[0].Workers | Should -Be 2 -Because 'one worker on each of two hosts'
        @($written | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] }) | Should -Be 42, 42, 42, 42
    }

    It 'hands $using: values to every session, serialised as remoting serialises them' {
        if (Skip-WithoutSshd) { return }
        $limit = 1000
        $table = @{ Name = 'caller' }
        $written = Invoke-Workload -ScriptBlock { $s = 0; foreach ($i in 1..$using:limit) { $s += $i }; "$s $($using:table.Name) $($using:table -is [hashtable])" } `
            -Strategy Remote -HostName 127.0.0.1, 127.0.0.2 @Ssh -Workers 1 -Tasks 2 -PassThru
        @($written | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] }).Status | Should -Be Completed, Completed
        @($written | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] }) | Should -Be '500500 caller True', '500500 caller True'
    }

    It 'runs a compiled workload on a host that has this module''s version' {
        if (Skip-WithoutSshd) { return }
        $records = Invoke-Workload -Workload Loop -Size 100000 -Strategy Remote -HostName 127.0.0.2 @Ssh -Workers 1 -Tasks 2
        $records.Status | Should -Be Completed, Completed
        foreach ($r in $records) {
            # A loop computes all the time it runs: the host reports CPU time, no more than the task's duration.
            $r.CpuSeconds | Should -BeGreaterThan 0
            $r.CpuSeconds | Should -BeLessOrEqual ($r.Duration + 0.002)
        }
    }

    It 'refuses a compiled workload on a host without the module, naming the host and what to do' {
        if (Skip-WithoutSshd) { return }
        { Invoke-Workload -Workload Loop -Size 1000 -Strategy Remote -HostName 127.0.0.1 @Ssh -Workers 1 -Tasks 1 } |
            Should -Throw -ExpectedMessage '*127.0.0.1 does not have ParallelCmdlets*Install that version on 127.0.0.1*'
        Wait-Until { (Get-ServedPwsh $A.Process.Id).Count -eq 0 } | Should -BeTrue -Because 'the refused run closes its sessions'
    }

    It 'uses sessions the caller opened, one worker each, and leaves them open' {
        if (Skip-WithoutSshd) { return }
        $sessions = @(New-PSSession -HostName 127.0.0.1 -Port $A.Port -KeyFilePath $A.KeyFilePath -Options $A.Options
            New-PSSession -HostName 127.0.0.2 -Port $A.Port -KeyFilePath $A.KeyFilePath -Options $A.Options)
        try {
            $result = Measure-Strategy -ScriptBlock { $PID } -Strategy Remote -Session $sessions -Tasks 4 -Repeat 2 -Warmup 0 -WarningAction SilentlyContinue
            $result.Workers | Should -Be 2
            ($result.GetTaskRecords().HostName | Sort-Object -Unique) | Should -Be '127.0.0.1', '127.0.0.2'
            $sessions.State | Should -Be Opened, Opened
            Invoke-Command -Session $sessions[0] { 40 + 2 } | Should -Be 42
        }
        finally {
            $sessions | Remove-PSSession
        }
    }
}

Describe 'The Remote strategy when a host fails' -Tag Remote {
    It 'fails before the timed run, naming the host, when nothing listens on its port' {
        if (Skip-WithoutSshd) { return }
        $closed = Get-FreeTcpPort 127.0.0.1
        $watch = [Diagnostics.Stopwatch]::StartNew()
        { Invoke-Workload -ScriptBlock { 1 } -Strategy Remote -HostName 127.0.0.1 -Port $closed -KeyFilePath $A.KeyFilePath -Options $A.Options -Tasks 1 -Workers 1 2>$null } |
            Should -Throw -ExpectedMessage "*127.0.0.1 refused the connection on port $closed*-Port*"
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 15 -Because 'within the connect timeout'
    }

    It 'refuses a host ssh cannot reach before PowerShell''s SSH transport starts, so no raw ssh line is printed and the process lives on' {
        if (Skip-WithoutSshd) { return }
        # PowerShell's transport prints ssh's stderr to the console, and when ssh ends early its clean-up can throw a
        # broken pipe on a thread of its own, ending the process: the module's own ssh must have refused the host first.
        $closed = Get-FreeTcpPort 127.0.0.1
        $child = "Import-Module '$env:PARALLELCMDLETS_MODULE'; foreach (`$i in 1..3) { try { Invoke-Workload -ScriptBlock { 1 } -Strategy Remote -HostName 127.0.0.1 -Port $closed -KeyFilePath '$($A.KeyFilePath)' -Options @{ ConnectTimeout = 2 } -Tasks 1 -Workers 1 -ErrorAction Stop } catch { 'stopped: ' + `$_.Exception.Message } }; 'alive'"
        $output = @(& (Get-PwshPath) -NoProfile -NonInteractive -Command $child 2>&1 | ForEach-Object { "$_" })
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        @($output -like "stopped: *127.0.0.1 refused the connection on port $closed*").Count | Should -Be 3 -Because ($output -join "`n")
        $output[-1] | Should -Be 'alive'
        $output -like 'ssh: *' | Should -BeNullOrEmpty -Because 'only PowerShell''s SSH transport prints ssh''s own lines'
    }

    It 'fails within about the connect timeout, naming the host, when the host does not answer' {
        if (Skip-WithoutSshd) { return }
        # 192.0.2.0/24 is reserved for documentation: nothing answers there.
        $watch = [Diagnostics.Stopwatch]::StartNew()
        { Invoke-Workload -ScriptBlock { 1 } -Strategy Remote -HostName 192.0.2.1 -KeyFilePath $A.KeyFilePath -Options @{ ConnectTimeout = 2; UserKnownHostsFile = $A.KnownHostsFile } -Tasks 1 -Workers 1 2>$null } |
            Should -Throw -ExpectedMessage '*192.0.2.1 *'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'a 2 s connect timeout, waited once'
    }

    It 'names the host and the fix when the host refuses the key' {
        if (Skip-WithoutSshd) { return }
        $other = Join-Path $TestDrive 'other_key'
        & ssh-keygen -q -t ed25519 -N '' -f $other | Out-Null
        { Invoke-Workload -ScriptBlock { 1 } -Strategy Remote -HostName 127.0.0.2 -Port $A.Port -KeyFilePath $other -Options $A.Options -Tasks 1 -Workers 1 2>$null } |
            Should -Throw -ExpectedMessage '*127.0.0.2 refused the key*authorized_keys*'
    }

    It 'fails with the ssh-keyscan fix, never a prompt, when the host key is unknown' {
        if (Skip-WithoutSshd) { return }
        $empty = Join-Path $TestDrive 'empty_known_hosts'
        Set-Content -Path $empty -Value ''
        # No BatchMode given: the module adds it, so ssh cannot stop to ask.
        { Invoke-Workload -ScriptBlock { 1 } -Strategy Remote -HostName 127.0.0.1 -Port $A.Port -KeyFilePath $A.KeyFilePath `
                -Options @{ UserKnownHostsFile = $empty; StrictHostKeyChecking = 'ask' } -Tasks 1 -Workers 1 2>$null } |
            Should -Throw -ExpectedMessage "*127.0.0.1's host key is not in your known_hosts*ssh-keyscan -p $($A.Port) 127.0.0.1*"
    }

    It 'names the Subsystem line to add when the host has no PowerShell subsystem' {
        if (Skip-WithoutSshd) { return }
        $bare = Start-TestSshd -Address 127.0.0.1 -KeyFilePath $A.KeyFilePath -NoSubsystem
        try {
            { Invoke-Workload -ScriptBlock { 1 } -Strategy Remote -HostName 127.0.0.1 -Port $bare.Port -KeyFilePath $A.KeyFilePath -Options $bare.Options -Tasks 1 -Workers 1 2>$null } |
                Should -Throw -ExpectedMessage '*127.0.0.1 has no PowerShell subsystem*Subsystem powershell*'
        }
        finally {
            $bare | Stop-TestSshd
        }
    }

    It 'fails the in-flight task of a session whose pwsh was killed, naming the host, and completes the run on the other host' {
        if (Skip-WithoutSshd) { return }
        $marks = New-TestFolder marks
        # Once a session on the second host has started a task (its pwsh left a mark), that pwsh is killed. Until
        # then no task can finish (each waits for the killer's release), so a slow killer cannot miss its moment.
        $killer = Start-ThreadJob -ArgumentList $marks, $B.Process.Id, (Join-Path $PSScriptRoot 'TestHelpers.ps1') -ScriptBlock {
            param($marks, $sshd, $helpers)
            . $helpers
            try {
                $deadline = [DateTime]::UtcNow.AddSeconds(120)
                while ([DateTime]::UtcNow -lt $deadline) {
                    $served = Get-ServedPwsh $sshd
                    $started = @($served | Where-Object { Test-Path (Join-Path $marks $_) })
                    if ($started) { $started | ForEach-Object { Stop-Process -Id $_ -Force }; return "killed $started" }
                    Start-Sleep -Milliseconds 20 # a poll step
                }
                'nothing to kill'
            }
            finally { $null = New-Item -ItemType File -Force (Join-Path $marks 'release') }
        }
        try {
            $records = Invoke-Workload -ScriptBlock {
                param($marks)
                $null = New-Item -ItemType File -Force (Join-Path $marks $PID)
                $deadline = [DateTime]::UtcNow.AddSeconds(120)
                while (-not (Test-Path (Join-Path $marks 'release')) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            } -ArgumentList $marks -Strategy Remote -HostName 127.0.0.1, 127.0.0.2 @Ssh -Workers 1 -Tasks 8 -ErrorAction SilentlyContinue
        }
        finally {
            $killed = $killer | Wait-Job -Timeout 60 | Receive-Job
            $killer | Remove-Job -Force
        }
        $killed | Should -Match '^killed'
        $records.Count | Should -Be 8
        $lost = @($records | Where-Object Status -eq Failed)
        $lost.Count | Should -Be 1
        $lost[0].HostName | Should -Be '127.0.0.2'
        $lost[0].Error | Should -Match '127\.0\.0\.2.*broke'
        @($records | Where-Object Status -eq Completed).Count | Should -Be 7 -Because 'the run completes on the other host'
        # The lost session took no task after it broke (one it finished before, on a busy machine, may stand).
        $records | Where-Object HostName -eq '127.0.0.2' | Where-Object Start -gt $lost[0].Start | Should -BeNullOrEmpty
        @($records | Where-Object { $_.Status -eq 'Completed' -and $_.HostName -eq '127.0.0.1' }).Count | Should -BeGreaterOrEqual 4
    }

    It 'on a stop, closes every session it opened and leaves the caller''s sessions open' {
        if (Skip-WithoutSshd) { return }
        $mine = New-PSSession -HostName 127.0.0.2 -Port $A.Port -KeyFilePath $A.KeyFilePath -Options $A.Options
        try {
            foreach ($case in @{ Where = @{ HostName = '127.0.0.1'; Port = $A.Port; KeyFilePath = $A.KeyFilePath; Options = $A.Options } }, @{ Where = @{ Session = $mine } }) {
                # Each task leaves a mark (its pwsh's id) once it runs on the host: the stop comes after that.
                $marks = New-TestFolder stop
                $bound = 10 * (Get-StopBound)
                $shell = [powershell]::Create()
                $null = $shell.AddScript('param($module, $where, $marks) Import-Module $module; Invoke-Workload -ScriptBlock { param($m) $null = New-Item -ItemType File -Force (Join-Path $m $PID); Start-Sleep -Seconds 30 } -ArgumentList $marks -Strategy Remote @where -Workers 1 -Tasks 2').
                    AddArgument($env:PARALLELCMDLETS_MODULE).AddArgument($case.Where).AddArgument($marks)
                $async = $shell.BeginInvoke()
                Wait-Until { $async.IsCompleted -or @(Get-ChildItem -LiteralPath $marks).Count -gt 0 } 60 | Should -BeTrue
                $async.IsCompleted | Should -BeFalse -Because 'the run is under way when it is stopped'
                if (-not $case.Where.Session) { (Get-ServedPwsh $A.Process.Id).Count | Should -BeGreaterThan 0 }
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $shell.Stop()
                $watch.Elapsed.TotalSeconds | Should -BeLessThan $bound
                $shell.InvocationStateInfo.State | Should -Be Stopped
                $shell.Dispose()
            }
            Wait-Until { (Get-ServedPwsh $A.Process.Id).Count -eq 0 } | Should -BeTrue -Because 'the session the module opened is closed'
            $mine.State | Should -Be Opened
            Invoke-Command -Session $mine { 'still here' } | Should -Be 'still here'
        }
        finally {
            $mine | Remove-PSSession
        }
    }
}

Describe 'The Remote strategy''s parameters' -Tag Remote {
    It 'refuses -Strategy Remote without -HostName or -Session' {
        { Invoke-Workload -ScriptBlock { 1 } -Strategy Remote } | Should -Throw -ErrorId 'RemoteNeedsHosts,*'
    }

    It 'refuses -HostName without the Remote strategy' {
        { Compare-Strategy -ScriptBlock { 1 } -Strategy Sequential, Threads -HostName web1 } | Should -Throw -ErrorId 'RemoteParametersNeedRemote,*'
    }

    It 'refuses Transfer under Remote, which would serialise 80 MB element by element' {
        { Invoke-Workload -Workload Transfer -Strategy Remote -HostName web1 } | Should -Throw -ErrorId 'StrategyCannotRunWorkload,*'
    }

    It 'completes -Strategy with Remote' {
        $line = 'Compare-Strategy -Strategy Rem'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'Remote'
    }

    It 'leaves Remote out of -Strategy All, since it needs hosts' {
        $parsed = [ParallelCmdlets.StrategySets]::Sets['All']
        $parsed | Should -Not -Contain ([ParallelCmdlets.Strategy]::Remote)
        [ParallelCmdlets.Strategy]::Remote | Should -Be 'Remote'
    }
}

Describe 'The SSH fixture' -Tag Remote {
    It 'leaves no sshd, session or pwsh process behind' {
        if (Skip-WithoutSshd) { return }
        # Every session of every test is closed by now: nothing runs under the servers (no session sshd, no pwsh).
        $under = @($script:Servers | ForEach-Object { Get-DescendantProcessId $_.Process.Id })
        $under | Should -BeNullOrEmpty
        $pids = $script:Servers | ForEach-Object { $_.Process.Id }
        $script:Servers | Stop-TestSshd
        foreach ($id in $pids + $under) { Get-Process -Id $id -ErrorAction Ignore | Should -BeNullOrEmpty }
        @(Get-PSSession).Count | Should -Be 0
        $script:Servers | ForEach-Object { Test-Path $_.Folder } | Should -Not -Contain $true
    }
}
