BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force

    # The pools' shared memory folders: 0700 folders named pcm-<pid of the pool's process>-* under /dev/shm (the
    # temp folder without it). Only those of the given processes: another PowerShell on the machine (another test
    # suite) has pools of its own.
    $script:mapRoot = if (Test-Path -LiteralPath '/dev/shm' -PathType Container) { '/dev/shm' } else { [IO.Path]::GetTempPath() }
    function Get-MapFolder([int[]] $Owner = @($PID)) {
        @(Get-ChildItem -LiteralPath $mapRoot -Directory -Filter 'pcm-*' -ErrorAction SilentlyContinue |
            Where-Object { $_.Name -match '^pcm-(\d+)-' -and [int]$Matches[1] -in $Owner } | ForEach-Object FullName | Sort-Object)
    }

    . $PSScriptRoot/TestHelpers.ps1

    # A hosted PowerShell running a long SharedMemory Transfer run, returned once its maps exist and a task is done.
    function Start-SharedMemoryRun([int] $Tasks) {
        $shell, $async = Start-HostedCommand Invoke-Workload @{ Workload = 'Transfer'; Strategy = 'Processes'; TransferMode = 'SharedMemory'; Workers = 2; Tasks = $Tasks }
        $null = Wait-Until { ((Get-ChildProcessCount) -ge 2 -and @(Get-MapFolder).Count -gt $before.Count -and (Test-TaskDone $shell)) -or $async.IsCompleted } 60
        $shell, $async
    }
}

Describe '-TransferMode SharedMemory' {
    It 'leaves Transfer''s arrays in shared memory: records say SharedMemory, no payload bytes cross the socket, and results are right' {
        $output = Invoke-Workload -Workload Transfer -Size 3 -Tasks 2 -Workers 2 -Strategy Processes -TransferMode SharedMemory -PassThru
        $records = @($output | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] })
        $arrays = @($output | Where-Object { $_ -is [double[]] })

        $records | Should -HaveCount 2
        $records.Status | Should -Be 'Completed', 'Completed'
        $records.TransferMode | Should -Be 'SharedMemory', 'SharedMemory'
        ($records | Measure-Object BytesIn -Sum).Sum + ($records | Measure-Object BytesOut -Sum).Sum | Should -Be 0
        $arrays | Should -HaveCount 2
        $arrays[0].Length | Should -Be 3000
        $arrays[0][0] | Should -Be $arrays[1][0]
        $records | Export-Csv -LiteralPath (Join-Path $TestDrive 'r.csv')
        (Import-Csv (Join-Path $TestDrive 'r.csv')).TransferMode | Should -Be 'SharedMemory', 'SharedMemory'
    }

    It 'gives Compare-Strategy one Processes row per mode, each against the same baseline, and Sequential and Threads once' {
        $rows = @(Compare-Strategy -Workload Transfer -Size 200 -Tasks 4 -Workers 2 -Repeat 1 -Warmup 0 -TransferMode Copy, SharedMemory 3>$null)

        $rows | Should -HaveCount 4
        @($rows | Where-Object Strategy -EQ 'Sequential') | Should -HaveCount 1
        @($rows | Where-Object Strategy -EQ 'Threads') | Should -HaveCount 1
        $copy = $rows | Where-Object { $_.Strategy -eq 'Processes' -and $_.TransferMode -eq 'Copy' }
        $shared = $rows | Where-Object { $_.Strategy -eq 'Processes' -and $_.TransferMode -eq 'SharedMemory' }
        $copy.BytesMoved | Should -Be (2 * 4 * 200 * 1000 * 8)
        $shared.BytesMoved | Should -Be 0
        Assert-SpeedupIsRatio $rows
        ($shared.GetTaskRecords().TransferMode | Select-Object -Unique) | Should -Be 'SharedMemory'
        # The Strategy cell names the mode, its second line "(SharedMemory)" in the 15-character column.
        $table = $rows | Format-Table -Wrap | Out-String -Width 200
        $table | Should -Match '(?m)^Processes +2 .*\n\(SharedMemory\) '
        ($rows | Show-Timeline | Out-String) | Should -BeLike '*Processes (SharedMemory) — *'
    }

    It 'refuses <Case>, saying what to do' -ForEach @(
        @{ Case = 'a workload whose payload is not an array of doubles'; Splat = @{ Workload = 'Loop'; Strategy = 'Processes' }; Id = 'TransferModeNeedsNumericPayload'; Target = 'Loop'; Message = '*arrays of doubles (Transfer)*Use -TransferMode Copy*' }
        @{ Case = 'a ScriptBlock, whose values travel as CLIXML'; Splat = @{ ScriptBlock = { 1 }; Strategy = 'Processes' }; Id = 'TransferModeNeedsNumericPayload'; Target = 'ScriptBlock'; Message = '*ScriptBlock''s are not*' }
        @{ Case = 'a strategy other than Processes'; Splat = @{ Workload = 'Transfer'; Strategy = 'Threads' }; Id = 'TransferModeNeedsProcesses'; Target = 'SharedMemory'; Message = '*Use it with -Strategy Processes*' }
    ) {
        $before = Get-ChildProcessCount
        $caught = $null
        try { Invoke-Workload @Splat -TransferMode SharedMemory -Tasks 1 -ErrorAction Stop } catch { $caught = $_ }

        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -Be "$Id,ParallelCmdlets.Commands.InvokeWorkloadCommand"
        $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($caught.TargetObject)" | Should -Be $Target
        $caught.Exception.Message | Should -BeLike $Message
        Get-ChildProcessCount | Should -Be $before
    }

    It 'refuses SharedMemory in Compare-Strategy when Processes is not among the strategies' {
        { Compare-Strategy -Workload Transfer -Strategy Threads -TransferMode Copy, SharedMemory -ErrorAction Stop } |
            Should -Throw -ErrorId 'TransferModeNeedsProcesses,ParallelCmdlets.Commands.CompareStrategyCommand'
    }
}

Describe 'Shared memory maps never outlive the run' {
    BeforeEach {
        $script:before = Get-MapFolder
    }

    It 'leaves /dev/shm as it was after a normal run, having used a private folder there during it' {
        $shell, $async = Start-SharedMemoryRun -Tasks 40
        try {
            $seen = @(Get-MapFolder | Where-Object { $_ -notin $before })
            $seen | Should -HaveCount 1 -Because 'the pool keeps its maps in one folder of its own while it runs'
            [Convert]::ToString([int][IO.File]::GetUnixFileMode($seen[0]), 8) | Should -Be '700'
            $null = Wait-Until { @(Get-ChildItem -LiteralPath $seen[0] -File).Count -ge 4 } 5
            $maps = @(Get-ChildItem -LiteralPath $seen[0] -File)
            $maps.Name | Sort-Object | Should -Be 's1.in', 's1.out', 's2.in', 's2.out'
            foreach ($map in $maps) { [Convert]::ToString([int]$map.UnixFileMode, 8) | Should -Be '600' }
            $null = $async.AsyncWaitHandle.WaitOne(300000)
            $records = @($shell.EndInvoke($async))
            $async = $null
        }
        finally { Close-Shell $shell $async }

        $records | Should -HaveCount 40
        $records.Status | Select-Object -Unique | Should -Be 'Completed'
        Get-MapFolder | Should -Be $before
    }

    It 'leaves /dev/shm as it was after Stop() mid-run (Ctrl+C)' {
        $bound = Get-StopBound
        $shell, $async = Start-SharedMemoryRun -Tasks 400
        try {
            @(Get-MapFolder | Where-Object { $_ -notin $before }) | Should -HaveCount 1
            $async.IsCompleted | Should -BeFalse -Because 'the run must still be going when it is stopped'
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan $bound
        }
        finally { Close-Shell $shell $async }
        Get-MapFolder | Should -Be $before
        Wait-Until { (Get-ChildProcessCount) -eq 0 } 10 | Should -BeTrue -Because 'the workers are ended with the run' 
    }

    It 'leaves /dev/shm as it was after a worker was killed mid-run, the run going on with its replacement' {
        $shell, $async = Start-SharedMemoryRun -Tasks 60
        try {
            $async.IsCompleted | Should -BeFalse -Because 'the run must still be going when a worker is killed'
            $victim = Get-ChildProcess | Select-Object -First 1
            Stop-Process -Id $victim.Id -Force
            $null = $async.AsyncWaitHandle.WaitOne(300000)
            $records = @($shell.EndInvoke($async))
            $errors = @($shell.Streams.Error)
            $async = $null
        }
        finally { Close-Shell $shell $async }

        $records | Should -HaveCount 60 -Because "the run goes on with a replacement ($($errors.Count) error(s): $($errors | Select-Object -First 2))"
        @($records | Where-Object Status -EQ 'Failed').Count | Should -BeGreaterOrEqual 1
        @($records | Where-Object Status -EQ 'Completed').Count | Should -BeGreaterThan 50
        Get-MapFolder | Should -Be $before
        Get-ChildProcessCount | Should -Be 0
    }
    It 'leaves /dev/shm as it was when the PowerShell running the pool is killed outright: its workers, or the next pool, remove the folder' {
        $pwsh = Get-PwshPath
        if (-not (Test-Path -LiteralPath $pwsh)) { Set-ItResult -Skipped -Because "there is no pwsh executable in $PSHOME to start" }
        $info = [Diagnostics.ProcessStartInfo]::new($pwsh)
        foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', "Import-Module '$env:PARALLELCMDLETS_MODULE'; Invoke-Workload -Workload Transfer -Strategy Processes -TransferMode SharedMemory -Workers 2 -Tasks 2000 | Out-Null") {
            $info.ArgumentList.Add($argument)
        }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $shell = [Diagnostics.Process]::Start($info)
        $owners = $PID, $shell.Id
        try {
            $null = Wait-Until { @(Get-MapFolder $owners | Where-Object { $_ -notin $before }).Count -gt 0 -or $shell.HasExited } 60
            @(Get-MapFolder $owners | Where-Object { $_ -notin $before }) | Should -HaveCount 1
            # Killed once the pool has made its slots' maps; whether its workers had been told of them yet is
            # the pool's timing, and both ends are checked below.
            $folder = @(Get-MapFolder $owners | Where-Object { $_ -notin $before })[0]
            $null = Wait-Until { @(Get-ChildItem -LiteralPath $folder -File -ErrorAction Ignore).Count -ge 4 -or $shell.HasExited } 30
            $shell.Kill() # SIGKILL: the pool's own cleanup never runs
            $null = Wait-Until { @(Get-MapFolder $owners | Where-Object { $_ -notin $before }).Count -eq 0 } 5
        }
        finally {
            if (-not $shell.HasExited) { $shell.Kill() }
            $shell.Dispose()
        }
        # Killed before its workers were told where the maps are (start-up on a loaded machine), only the next
        # pool can tell the folder's owner is gone: it removes it before making its own.
        if (@(Get-MapFolder $owners | Where-Object { $_ -notin $before }).Count -gt 0) {
            $null = Invoke-Workload -Workload Transfer -Size 10 -Strategy Processes -TransferMode SharedMemory -Workers 1 -Tasks 1
        }
        Get-MapFolder $owners | Should -Be $before
    }
}


Describe 'Verdicts that match the records' {
    It 'does not call it copying when no bytes moved: Loop -Size <Size> under Processes' -ForEach @(
        @{ Size = 1000000 }
        @{ Size = 1 }
    ) {
        # The issue's command (Size 1000000) and the same with one iteration, where handing each task over is all
        # there is: either way no bytes cross the socket, so the time is per-task overhead, not copying.
        $row = Compare-Strategy Loop -Tasks 4 -Size $Size -Repeat 1 -Strategy Processes 3>$null | Where-Object Strategy -EQ 'Processes'

        $row.BytesMoved | Should -Be 0
        $row.Verdict | Should -Not -BeLike 'copying*'
        if ($Size -eq 1) { $row.Verdict | Should -BeLike 'per-task overhead: * % of time went to handing tasks over and back, with no data to move' }
    }

    It 'names -TransferMode SharedMemory as the thing to try when copying Transfer''s arrays dominates' {
        # Measured alone, so what the verdict reads is the Processes run's own records: a Sequential baseline slowed
        # by the parent's collections would be called superlinear first (2.4x from one worker was seen under load).
        $row = Measure-Strategy Transfer -Size 2000 -Tasks 4 -Workers 1 -Repeat 1 -Strategy Processes 3>$null

        $row.BytesMoved | Should -BeGreaterThan 0
        $row.Verdict | Should -BeLike 'copying: * % of task time moved data; try -TransferMode SharedMemory'
    }
}
