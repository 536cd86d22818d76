# What several Pester files need, in one place: dot-source it in BeforeAll (`. $PSScriptRoot/TestHelpers.ps1`).
# Waiting is polling with a deadline, never a fixed sleep before an assertion; a time bound is derived from
# something this machine was measured doing in the same test, so a loaded machine moves both together.

function Get-ChildProcessCount {
    # Worker processes are children of this pwsh; count what is left of them.
    @(Get-Process | Where-Object { $_.Parent -and $_.Parent.Id -eq $PID -and -not $_.HasExited }).Count
}

function Get-OpenRunspaceCount {
    @(Get-Runspace | Where-Object { $_.RunspaceStateInfo.State -eq 'Opened' }).Count
}

function Wait-Until {
    # Polls the condition until it holds or the deadline passes; returns whether it held, so a caller can assert it.
    param([Parameter(Mandatory, Position = 0)] [scriptblock] $Condition, [Parameter(Position = 1)] [double] $Seconds = 10)
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
    [bool](& $Condition)
}

function Close-Shell($Shell, $Async) {
    # Disposing a shell whose invocation has not wound down closes its runspace under PowerShell's own completion
    # callback, which then throws on a thread-pool thread and ends the whole process: let it end first.
    if ($Async) {
        $null = $Async.AsyncWaitHandle.WaitOne(30000)
        try { $Shell.EndInvoke($Async) } catch { }
    }
    $Shell.Dispose()
}

function Start-HostedCommand {
    # A [powershell] that imports the module under test and runs one command with the given parameters, begun
    # asynchronously: what a host runs when the user may press Ctrl+C (Stop()).
    param([Parameter(Mandatory)] [string] $Command, [hashtable] $Parameters = @{})
    $shell = [powershell]::Create()
    $null = $shell.AddCommand('Import-Module').AddParameter('Name', $env:PARALLELCMDLETS_MODULE).AddStatement()
    $null = $shell.AddCommand($Command)
    foreach ($name in $Parameters.Keys) { $null = $shell.AddParameter($name, $Parameters[$name]) }
    $async = $shell.BeginInvoke()
    $shell, $async
}

function Get-StopReference {
    # Seconds this machine, as loaded right now, takes to do what any stop does: end a child process and reap it,
    # and stop a hosted pipeline that is only sleeping. The larger of the two, so a stop bound grows with the load.
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $child = Start-Process -FilePath sleep -ArgumentList 30 -PassThru
    $child.Kill()
    $child.WaitForExit()
    $child.Dispose()
    $killing = $watch.Elapsed.TotalSeconds

    $shell = [powershell]::Create().AddScript('Start-Sleep -Seconds 30')
    try {
        $async = $shell.BeginInvoke()
        $null = Wait-Until { $shell.InvocationStateInfo.State -eq 'Running' } 10
        $watch.Restart()
        $shell.Stop()
        $null = $async.AsyncWaitHandle.WaitOne(30000)
        $stopping = $watch.Elapsed.TotalSeconds
    }
    finally { $shell.Dispose() }
    [math]::Max($killing, $stopping)
}

function Get-StopBound {
    # How long a stop (Ctrl+C) may take: the promise is about a second on a quiet machine; a machine too loaded to
    # end one process quickly gets ten times what that took on top. Measured just before the stop it bounds.
    1.0 + 10 * (Get-StopReference)
}

function Get-TaskThreadCpu {
    # CPU seconds of the threads that run tasks in this process: the pool's ("ParallelCmdlets worker n", cut to 15
    # characters by Linux) and the .NET thread pool's, where MathNet runs its parallel loops.
    $total = 0L
    foreach ($thread in Get-ChildItem "/proc/$PID/task" -ErrorAction SilentlyContinue) {
        try {
            $name = Get-Content -Raw "$($thread.FullName)/comm"
            if ($name -like 'ParallelCmdlet*' -or $name -like '.NET TP Worker*') {
                $total += [long]((Get-Content -Raw "$($thread.FullName)/schedstat") -split ' ')[0]
            }
        }
        catch { } # the thread ended while we looked
    }
    $total / 1e9
}

function Get-PoolFolder {
    # The private folders of worker pools this pwsh started (named after its process id, so another program's
    # pools, a concurrent test run's included, never count).
    @(Get-ChildItem -Path ([IO.Path]::GetTempPath()) -Directory -Filter "pcw-$PID-*" -ErrorAction SilentlyContinue).FullName
}

function Test-PoolReady($Shell) {
    # The verbose stream of a hosted command run with -Verbose says when the pool's workers are up.
    [bool]@($Shell.Streams.Verbose | Where-Object Message -Match 'pool ready in').Count
}

function Test-TaskDone($Shell) {
    # A hosted run's progress bar reads "... n of m tasks" once its first task has finished.
    [bool]@($Shell.Streams.Progress | Where-Object { $_.StatusDescription -match '(\d+) of \d+ tasks' -and [int]$Matches[1] -gt 0 }).Count
}

# The words of a rendering, whatever its line breaks.
function Get-Word([string] $Text) { @($Text -split '\s+' | Where-Object { $_ }) }

function Assert-WordsShown([string] $Rendering, [string] $Expected) {
    # Every word of $Expected stands whole in $Rendering, in order: a view wrapped it between words, never cut one.
    $shown = Get-Word $Rendering
    $at = 0
    foreach ($word in Get-Word $Expected) {
        $found = [array]::IndexOf([object[]] $shown, $word, $at)
        $found | Should -BeGreaterOrEqual 0 -Because "'$word' of '$Expected' should stand whole, in order, in:`n$Rendering"
        $at = $found + 1
    }
}

function Assert-FitsWidth([string] $Rendering, [int] $Width) {
    $Rendering -split "`n" | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual $Width -Because $_ }
}
