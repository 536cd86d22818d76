BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force

    . $PSScriptRoot/TestHelpers.ps1
}

Describe 'PowerShell''s own tools as strategies' {
    It 'runs a ScriptBlock under <_> with one record per task, each stamped from inside the task' -ForEach 'ForEachParallel', 'ThreadJob', 'Job', 'RunspacePool' {
        $out = Invoke-Workload -ScriptBlock { param($n) $n * 2 } -ArgumentList 21 -Strategy $_ -Tasks 4 -Workers 2 -PassThru
        $records = @($out | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] })
        $records.Count | Should -Be 4
        ($records.TaskId | Sort-Object) | Should -Be 1, 2, 3, 4
        @($out | Where-Object { $_ -is [int] -or $_ -is [long] }) | Should -Be 42, 42, 42, 42
        foreach ($r in $records) {
            $r.Status | Should -Be Completed
            $r.Strategy | Should -Be $_
            $r.QueueWait | Should -BeLessOrEqual $r.Start
            $r.Submitted | Should -BeLessOrEqual $r.Start
            $r.QueueWait | Should -BeGreaterOrEqual 0
            [math]::Abs($r.QueueWait - ($r.Start - $r.Submitted)) | Should -BeLessThan 1e-9
            $r.End | Should -BeGreaterOrEqual $r.Start
            $r.WorkerId | Should -BeIn 1, 2
        }
    }

    It 'hands arguments to a ScriptBlock under <_> as PowerShell binds them: by position, with defaults, through $args, and to begin and end blocks' -ForEach 'ForEachParallel', 'ThreadJob', 'Job', 'RunspacePool' {
        $cases = @(
            @{ Script = { param([int] $a, $b = 'x') "$($a * 2)$b" }; Arguments = @('21'); Expected = '42x' }
            @{ Script = { $args[0] + $args[1] }; Arguments = @(40, 2); Expected = 42 }
            @{ Script = { param($n) begin { $twice = 2 } end { $n * $twice } }; Arguments = @(21); Expected = 42 }
            @{ Script = { "$Size/$TaskId" }; Arguments = @(); Expected = '1/1' }
        )
        foreach ($case in $cases) {
            $output = Invoke-Workload -ScriptBlock $case.Script -ArgumentList $case.Arguments -Strategy $_ -Tasks 1 -Workers 1 -PassThru |
                Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] }
            $output | Should -Be $case.Expected -Because "$($case.Script) under $_"
        }
    }

    It 'keeps every task of every run of <_> within its run' -ForEach 'ForEachParallel', 'ThreadJob', 'Job', 'RunspacePool' {
        $result = Measure-Strategy -ScriptBlock { Start-Sleep -Milliseconds 20 } -Strategy $_ -Tasks 3 -Workers 2 -Repeat 2 -Warmup 0 -WarningAction SilentlyContinue
        $result.Runs.Count | Should -Be 2
        foreach ($run in $result.Runs) {
            $run.Records.Count | Should -Be 3
            foreach ($r in $run.Records) {
                $r.Start | Should -BeGreaterOrEqual 0
                $r.End | Should -BeLessOrEqual ($run.Elapsed + 1e-9)
                $r.Duration | Should -BeLessOrEqual $run.Elapsed
                # The task's own time: it slept 20 ms.
                $r.Compute | Should -BeGreaterOrEqual 0.019
            }
        }
    }

    It 'runs Job tasks each in a pwsh process of its own, and in-process tools in this one' {
        $jobs = Invoke-Workload -ScriptBlock { $PID } -Strategy Job -Tasks 3 -Workers 2
        @($jobs.ProcessId | Sort-Object -Unique).Count | Should -Be 3
        $jobs.ProcessId | Should -Not -Contain $PID
        $pool = Invoke-Workload -ScriptBlock { $PID } -Strategy RunspacePool -Tasks 3 -Workers 2
        $pool.ProcessId | Sort-Object -Unique | Should -Be $PID
    }

    It 'turns an error thrown or written inside a task into a failure of that task under <_>' -ForEach 'ForEachParallel', 'ThreadJob', 'Job', 'RunspacePool' {
        $records = Invoke-Workload -ScriptBlock { if ($TaskId -eq 2) { throw 'boom' }; if ($TaskId -eq 3) { Write-Error 'soft' }; 1 } -Strategy $_ -Tasks 4 -Workers 2 -ErrorVariable errs -ErrorAction SilentlyContinue
        $byTask = @{}; $records | ForEach-Object { $byTask[$_.TaskId] = $_ }
        $byTask[2].Status | Should -Be Failed
        $byTask[2].Error | Should -Match 'boom'
        $byTask[3].Status | Should -Be Failed
        $byTask[3].Error | Should -Match 'soft'
        $byTask[1].Status | Should -Be Completed
        $byTask[4].Status | Should -Be Completed
        $errs.Count | Should -Be 2
    }

    It 'leaves no PowerShell host socket of its job processes in the temp folder after a Job run' {
        # PowerShell ends a job's pwsh rather than letting it exit, and such a pwsh leaves its
        # CoreFxPipe_PSHost socket behind: after a day of runs they pile up in the temp folder.
        $before = Get-HostSocket
        $records = Invoke-Workload -ScriptBlock { $TaskId } -Strategy Job -Tasks 3 -Workers 2
        $records.Status | Should -Be Completed, Completed, Completed
        foreach ($id in $records.ProcessId | Select-Object -Unique) {
            @(Get-HostSocket -ProcessId $id | Where-Object { $_ -notin $before }) | Should -BeNullOrEmpty -Because "job process $id has ended"
        }
    }

    It '-ErrorAction Stop ends a <_> run at the first failed task and leaves no job, runspace or process' -ForEach 'ForEachParallel', 'ThreadJob', 'Job', 'RunspacePool' {
        $runspaces = Get-OpenRunspaceCount
        $watch = [Diagnostics.Stopwatch]::StartNew()
        { Invoke-Workload -ScriptBlock { if ($TaskId -eq 1) { throw 'boom' }; Start-Sleep 120 } -Strategy $_ -Tasks 6 -Workers 2 -ErrorAction Stop } |
            Should -Throw '*Task 1*boom*'
        # The other tasks sleep 120 s: a run that waited for them rather than stopping them would take that long.
        # Half of it leaves room for a Job task's pwsh to start on a loaded machine (12 s was seen).
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 60
        Wait-Until { (Get-ChildProcessCount) -eq 0 -and (Get-OpenRunspaceCount) -le $runspaces } | Should -BeTrue
        Get-ChildProcessCount | Should -Be 0
        Get-OpenRunspaceCount | Should -Be $runspaces
        Get-Job | Should -BeNullOrEmpty
    }

    It 'stops a <_> run within a second when the host calls Stop() (Ctrl+C), leaving no job, runspace or process' -ForEach 'ForEachParallel', 'ThreadJob', 'Job', 'RunspacePool' {
        $runspaces = Get-OpenRunspaceCount
        # Each task leaves a mark when it is running, so Stop() comes once two are surely under way.
        $marks = New-TestFolder "marks-$_"
        $bound = Get-StopBound
        $shell, $async = Start-HostedCommand Invoke-Workload @{
            ScriptBlock = { param($folder) $null = New-Item -ItemType File -Path (Join-Path $folder $TaskId); Start-Sleep 20 }
            ArgumentList = $marks; Strategy = $_; Workers = 2; Tasks = 4
        }
        try {
            Wait-Until { @(Get-ChildItem -LiteralPath $marks).Count -ge 2 } 60 | Should -BeTrue -Because 'two tasks start'
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            # The invocation is Stopped when Stop() returns; its async result may flag completion a moment later.
            $null = Wait-Until { $async.IsCompleted } $bound
            $watch.Elapsed.TotalSeconds | Should -BeLessThan $bound
            $shell.InvocationStateInfo.State | Should -Be Stopped
            $async.IsCompleted | Should -BeTrue
        }
        finally { Close-Shell $shell $async }
        Wait-Until { (Get-ChildProcessCount) -eq 0 -and (Get-OpenRunspaceCount) -le $runspaces } 10 | Should -BeTrue
        Get-ChildProcessCount | Should -Be 0
        Get-OpenRunspaceCount | Should -Be $runspaces
        @(Get-ChildItem -LiteralPath $marks).Count | Should -BeLessThan 4 -Because 'the tasks still queued never started'
    }

    It 'runs ScriptLoop and Sleep under <_>' -ForEach 'ForEachParallel', 'ThreadJob', 'Job', 'RunspacePool' {
        $loop = Invoke-Workload ScriptLoop -Size 1000 -Strategy $_ -Tasks 2 -Workers 2
        $loop.Status | Should -Be Completed, Completed
        $sleep = Invoke-Workload Sleep -Size 50 -Strategy $_ -Tasks 2 -Workers 2
        $sleep.Status | Should -Be Completed, Completed
        $sleep | ForEach-Object { $_.Compute | Should -BeGreaterOrEqual 0.045 }
    }

    It 'runs a compiled workload by calling into the module''s core under <_>' -ForEach 'ForEachParallel', 'ThreadJob', 'Job', 'RunspacePool' {
        $records = Invoke-Workload Loop -Size 100000 -Strategy $_ -Tasks 2 -Workers 2
        $records.Status | Should -Be Completed, Completed
    }

    It 'refuses Transfer under Job, saying what to use instead' {
        { Invoke-Workload Transfer -Size 100 -Strategy Job -Tasks 1 } | Should -Throw '*Start-Job would serialise*-Strategy Processes*'
    }

    It 'refuses -TimeoutSeconds with a tool that has no per-task timeout' {
        { Invoke-Workload -ScriptBlock { 1 } -Strategy ThreadJob -TimeoutSeconds 1 } | Should -Throw '*-TimeoutSeconds applies to Sequential, Threads and Processes*'
    }

    It 'gives ForEach-Object -Parallel a new runspace per task only with -UseNewRunspace' {
        $reused = Invoke-Workload -ScriptBlock { [runspace]::DefaultRunspace.InstanceId } -Strategy ForEachParallel -Tasks 4 -Workers 1 -PassThru |
            Where-Object { $_ -is [guid] }
        $fresh = Invoke-Workload -ScriptBlock { [runspace]::DefaultRunspace.InstanceId } -Strategy ForEachParallel -Tasks 4 -Workers 1 -PassThru -UseNewRunspace |
            Where-Object { $_ -is [guid] }
        @($reused | Sort-Object -Unique).Count | Should -Be 1
        @($fresh | Sort-Object -Unique).Count | Should -Be 4
    }

    It 'refuses -UseNewRunspace without ForEachParallel' {
        { Invoke-Workload -ScriptBlock { 1 } -Strategy Threads -UseNewRunspace } | Should -Throw '*-UseNewRunspace is ForEach-Object -Parallel*'
    }
}

Describe 'Asking for several strategies at once' {
    It 'refuses an unknown strategy, listing the known ones and the sets' {
        { Measure-Strategy -ScriptBlock { 1 } -Strategy Fibers } | Should -Throw "*no strategy named 'Fibers'*RunspacePool*PowerShell, All*"
    }

    It 'mixes a set with single strategies, each measured once' {
        $results = Measure-Strategy -ScriptBlock { 1 } -Strategy PowerShell, Threads, Sequential -Tasks 2 -Workers 2 -Repeat 1 -Warmup 0 -WarningAction SilentlyContinue
        ($results.Strategy -join ', ') | Should -Be 'Sequential, ForEachParallel, ThreadJob, Job, RunspacePool, Threads'
    }

    It 'completes -Strategy with the tools and the sets' {
        $line = 'Compare-Strategy -Strategy '
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        foreach ($name in 'Sequential', 'Threads', 'Processes', 'ForEachParallel', 'ThreadJob', 'Job', 'RunspacePool', 'PowerShell', 'All') {
            $names | Should -Contain $name
        }
        $line = 'Invoke-Workload -Strategy '
        $single = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $single | Should -Contain 'RunspacePool'
        $single | Should -Not -Contain 'All'
    }

    It 'puts seven strategies side by side with speedups, intervals and verdicts, and draws seven panels' {
        $results = Compare-Strategy -ScriptBlock { param($n) $s = 0; foreach ($i in 1..$n) { $s += $i }; $s } -ArgumentList 2000 `
            -Strategy Sequential, ForEachParallel, ThreadJob, Job, RunspacePool, Threads, Processes -Tasks 4 -Workers 2 -Repeat 2 -Warmup 0 -WarningAction SilentlyContinue -NoWrappedRows
        $results.Count | Should -Be 7
        Assert-SpeedupIsRatio $results
        $results[0].Verdict | Should -BeLike 'baseline: *'
        foreach ($r in $results) {
            $r.SpeedupLow | Should -BeLessOrEqual $r.Speedup
            $r.SpeedupHigh | Should -BeGreaterOrEqual $r.Speedup
            # The verdict names the strategies this row ties with, and only those.
            if ($r.TiedWith) { $r.Verdict | Should -BeLike "*; tie with $($r.TiedWith)" } else { $r.Verdict | Should -Not -BeLike '*; tie with *' }
        }
        # Starting a pwsh per task dwarfs a 2000-step loop: the verdict says so, with the figure.
        ($results | Where-Object Strategy -eq Job).Verdict | Should -Match '^[\d.]+ (ms|s) per task starting a pwsh process: more than the task itself'
        $table = $results | Format-Table | Out-String -Width 200
        foreach ($name in 'ForEachPa', 'ThreadJob', 'Job', 'RunspaceP') { $table | Should -Match $name }
        $path = Join-Path $TestDrive 'seven.html'
        $results | Export-Timeline -Path $path | Out-Null
        $html = Get-Content -Raw $path
        ([regex]::Matches($html, '<g class="panel"')).Count | Should -Be 7
        $html | Should -Match 'in the tool, not started'
    }
}
