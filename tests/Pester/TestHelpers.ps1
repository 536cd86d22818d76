# What the Pester files share, in one place: dot-source it in BeforeAll (`. $PSScriptRoot/TestHelpers.ps1`); the
# bench dot-sources it for the SSH fixture alone. Paths, waiting, child processes, temp folders, hosted commands and
# their stops, the SSH fixture, renderings and speedups; a test file keeps only what no other file needs.
# Waiting is polling with a deadline, never a fixed sleep before an assertion; a time bound is derived from
# something this machine was measured doing in the same test, so a loaded machine moves both together.

# --- Paths ---------------------------------------------------------------------------------------------------

# The pwsh running the tests, to start a fresh one as a user would.
function Get-PwshPath { Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh') }

# The repository's folder (the tests sit in tests/Pester).
function Get-RepositoryRoot { Split-Path -Parent (Split-Path -Parent $PSScriptRoot) }

# --- Waiting ---------------------------------------------------------------------------------------------------

function Wait-Until {
    # Polls the condition until it holds or the deadline passes; returns whether it held, so a caller can assert it.
    param([Parameter(Mandatory, Position = 0)] [scriptblock] $Condition, [Parameter(Position = 1)] [double] $Seconds = 10)
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
    [bool](& $Condition)
}

# --- Child processes -------------------------------------------------------------------------------------------

function Get-ChildProcess {
    # The running children of a process (this pwsh by default): the worker processes a pool started and has not ended.
    param([int] $ParentId = $PID)
    @(Get-Process | Where-Object { $_.Parent -and $_.Parent.Id -eq $ParentId -and -not $_.HasExited })
}

function Get-ChildProcessCount {
    param([int] $ParentId = $PID)
    @(Get-ChildProcess -ParentId $ParentId).Count
}

function Get-DescendantProcessId([int] $ProcessId) {
    # Every descendant of a process, read from /proc (children first would miss grandchildren re-parented on exit).
    $children = @(Get-ChildItem /proc -Directory -ErrorAction Ignore | Where-Object Name -match '^\d+$' | ForEach-Object {
            $stat = Get-Content "/proc/$($_.Name)/stat" -Raw -ErrorAction Ignore
            if ($stat -and ($stat.Substring($stat.LastIndexOf(')') + 2) -split ' ')[1] -eq "$ProcessId") { [int]$_.Name }
        })
    foreach ($child in $children) { Get-DescendantProcessId $child; $child }
}

function Get-OpenRunspaceCount {
    @(Get-Runspace | Where-Object { $_.RunspaceStateInfo.State -eq 'Opened' }).Count
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

# --- Temp folders ----------------------------------------------------------------------------------------------

function New-TestFolder {
    # A new, empty folder of its own, named "<Name>-<unique>": under $TestDrive in a test (Pester removes it with the
    # test drive), under the temp folder elsewhere (the caller removes it). -Private makes it 0700, as keys need.
    param([string] $Name = 'folder', [string] $Under, [switch] $Private)
    if (-not $Under) { $Under = if ($TestDrive) { $TestDrive } else { [IO.Path]::GetTempPath() } }
    $path = Join-Path $Under "$Name-$([guid]::NewGuid().ToString('N').Substring(0, 12))"
    $folder = (New-Item -ItemType Directory -Path $path).FullName
    if ($Private -and -not $IsWindows) { chmod 700 $folder }
    $folder
}

function Get-PoolFolder {
    # The private folders of worker pools this pwsh started (named after its process id, so another program's
    # pools, a concurrent test run's included, never count).
    @(Get-ChildItem -Path ([IO.Path]::GetTempPath()) -Directory -Filter "pcw-$PID-*" -ErrorAction SilentlyContinue).FullName
}

function Get-HostSocket {
    # Names of the CoreFxPipe_PSHost sockets every pwsh makes in the temp folder (of one process when given): a pwsh
    # ended rather than exited leaves its socket behind, and after a day of runs they pile up.
    param([int] $ProcessId)
    $filter = if ($ProcessId) { "CoreFxPipe_PSHost.*.$ProcessId.*" } else { 'CoreFxPipe_PSHost.*' }
    @(Get-ChildItem -LiteralPath ([IO.Path]::GetTempPath()) -Filter $filter -ErrorAction SilentlyContinue).Name
}

# --- Hosted commands and stops ---------------------------------------------------------------------------------

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

function Invoke-HostedScript {
    # Runs script text to the end in a [powershell] of its own that imports the module under test, and returns its
    # output and streams: a host of our own, because Pester cannot capture the progress stream of a command it runs.
    param([Parameter(Mandatory)] [string] $Script)
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddScript("Import-Module '$($env:PARALLELCMDLETS_MODULE)'; $Script")
        $output = $shell.Invoke()
        [pscustomobject]@{
            Output   = @($output)
            Progress = @($shell.Streams.Progress)
            Verbose  = @($shell.Streams.Verbose | ForEach-Object Message)
            Error    = @($shell.Streams.Error)
        }
    }
    finally { $shell.Dispose() }
}

function Test-PoolReady($Shell) {
    # The verbose stream of a hosted command run with -Verbose says when the pool's workers are up.
    [bool]@($Shell.Streams.Verbose | Where-Object Message -Match 'pool ready in').Count
}

function Test-TaskDone($Shell) {
    # A hosted run's progress bar reads "... n of m tasks" once its first task has finished.
    [bool]@($Shell.Streams.Progress | Where-Object { $_.StatusDescription -match '(\d+) of \d+ tasks' -and [int]$Matches[1] -gt 0 }).Count
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

# --- The SSH fixture -------------------------------------------------------------------------------------------
# A real SSH server for the Remote strategy's tests and bench, started and stopped by them: host and user keys in a
# private 0700 folder, a test-only sshd_config (one loopback address, a free port, key authentication only, the
# powershell subsystem of this very pwsh), sshd run in the foreground as a child process and stopped by its pid.
# Start-TestSshd returns what a client needs, or throws with the reason sshd could not run.

# PARALLELCMDLETS_SSHD points at another sshd (or at none, to see the Remote tests skip with their reason).
$script:SshdPath = if ($env:PARALLELCMDLETS_SSHD) { $env:PARALLELCMDLETS_SSHD } else { '/usr/sbin/sshd' }

function Get-TestSshdProblem {
    # Why sshd cannot run here, or $null when it can.
    if (-not $IsLinux) { return 'the SSH fixture runs on Linux only' }
    if (-not (Test-Path $script:SshdPath)) { return "there is no $script:SshdPath (install the openssh-server package)" }
    foreach ($tool in 'ssh', 'ssh-keygen') {
        if (-not (Get-Command $tool -CommandType Application -ErrorAction Ignore)) { return "there is no $tool (install openssh-client)" }
    }
    return $null
}

function Get-FreeTcpPort([string] $Address) {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Parse($Address), 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-TestSshd {
    param(
        [string] $Address = '127.0.0.1',
        # The user key pair to accept; made in this server's folder when not given, so two servers can share one.
        [string] $KeyFilePath,
        # A port to listen on (a second address can take the first's port); a free one when not given.
        [int] $Port,
        # A known_hosts file to add this server's key to, so several servers share one; this server's own when not given.
        [string] $KnownHostsFile,
        # Leave out the powershell Subsystem line: a host where PowerShell remoting over SSH is not set up.
        [switch] $NoSubsystem,
        # Folders put first in PSModulePath for the sessions' pwsh (sshd's SetEnv): a host with modules installed.
        [string[]] $ModulePath
    )
    $problem = Get-TestSshdProblem
    if ($problem) { throw "sshd cannot run: $problem" }
    # Under the temp folder even in a test: Stop-TestSshd removes it, and the bench has no test drive.
    $folder = New-TestFolder -Name 'pc-sshd' -Under ([IO.Path]::GetTempPath()) -Private
    & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $folder 'host_key') -C 'parallelcmdlets-test-host' | Out-Null
    if (-not $KeyFilePath) {
        $KeyFilePath = Join-Path $folder 'user_key'
        & ssh-keygen -q -t ed25519 -N '' -f $KeyFilePath -C 'parallelcmdlets-test-user' | Out-Null
    }
    Copy-Item "$KeyFilePath.pub" (Join-Path $folder 'authorized_keys')
    chmod 600 (Join-Path $folder 'authorized_keys')
    # sshd wants its privilege-separation folder even when run by hand.
    if (-not (Test-Path /run/sshd) -and (id -u) -eq '0') { $null = New-Item -ItemType Directory /run/sshd; chmod 755 /run/sshd }
    $port = if ($Port) { $Port } else { Get-FreeTcpPort $Address }
    $pwsh = Get-PwshPath
    $config = Join-Path $folder 'sshd_config'
    @(
        "ListenAddress $Address"
        "Port $port"
        "HostKey $(Join-Path $folder 'host_key')"
        "PidFile $(Join-Path $folder 'sshd.pid')"
        "AuthorizedKeysFile $(Join-Path $folder 'authorized_keys')"
        'PasswordAuthentication no'
        'KbdInteractiveAuthentication no'
        'PubkeyAuthentication yes'
        'PermitRootLogin prohibit-password'
        'UsePAM no'
        # The keys sit in a temp folder whose parents sshd's ownership checks would refuse.
        'StrictModes no'
        'LogLevel ERROR'
        if (-not $NoSubsystem) { "Subsystem powershell $pwsh -sshs -NoLogo -NoProfile" }
        if ($ModulePath) { "SetEnv PSModulePath=$($ModulePath -join [IO.Path]::PathSeparator)" }
    ) | Set-Content -Path $config
    $log = Join-Path $folder 'sshd.log'
    # -D: stay in the foreground, so this process is sshd itself and its pid is the one to stop.
    $process = Start-Process -FilePath $script:SshdPath -ArgumentList '-D', '-f', $config, '-E', $log -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    $listening = $false
    while (-not $listening -and [DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect($Address, $port); $listening = $true } catch { Start-Sleep -Milliseconds 100 } finally { $client.Dispose() }
    }
    if (-not $listening) {
        $reason = if (Test-Path $log) { (Get-Content $log -Raw) } else { '' }
        if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force }
        Remove-Item -Recurse -Force $folder
        throw "sshd did not start on ${Address}:$port. $reason"
    }
    $knownHosts = if ($KnownHostsFile) { $KnownHostsFile } else { Join-Path $folder 'known_hosts' }
    $hostKey = (Get-Content (Join-Path $folder 'host_key.pub') -Raw).Trim() -split ' '
    "[$Address]:$port $($hostKey[0]) $($hostKey[1])" | Add-Content $knownHosts
    [pscustomobject]@{
        Address        = $Address
        Port           = $port
        UserName       = [Environment]::UserName
        KeyFilePath    = $KeyFilePath
        KnownHostsFile = $knownHosts
        # What New-PSSession and the Remote strategy take as -Options: this server's known_hosts, never a prompt.
        Options        = @{ UserKnownHostsFile = $knownHosts; StrictHostKeyChecking = 'yes'; BatchMode = 'yes' }
        Folder         = $folder
        Process        = $process
        LogPath        = $log
    }
}

function Stop-TestSshd {
    param([Parameter(ValueFromPipeline)] $Server)
    process {
        if (-not $Server) { return }
        # The server's own children (session sshd and their pwsh) first, then the listener: none left behind.
        Get-DescendantProcessId $Server.Process.Id | ForEach-Object { Stop-Process -Id $_ -Force -ErrorAction Ignore }
        if (-not $Server.Process.HasExited) { Stop-Process -Id $Server.Process.Id -Force -ErrorAction Ignore; $Server.Process.WaitForExit(5000) | Out-Null }
        Remove-Item -Recurse -Force $Server.Folder -ErrorAction Ignore
    }
}

function Get-ServedPwsh([int] $SshdId) {
    # The pwsh processes serving sessions on a test sshd (its process id): its descendants that run pwsh.
    @(Get-DescendantProcessId $SshdId | Where-Object { (Get-Content "/proc/$_/comm" -ErrorAction Ignore) -match 'pwsh' })
}

# --- Renderings ------------------------------------------------------------------------------------------------

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

# --- Speedups --------------------------------------------------------------------------------------------------

function Assert-SpeedupIsRatio {
    # Every row's Speedup is the Sequential baseline's mean time over the row's own, both measured in the same
    # comparison: a relation a wrong baseline, run or unit breaks, where `Speedup > 0` passes whatever was measured.
    param([Parameter(Mandatory)] [object[]] $Rows)
    $baseline = @($Rows | Where-Object Strategy -EQ 'Sequential')
    $baseline | Should -HaveCount 1 -Because 'one Sequential row is the baseline of the others'
    foreach ($row in $Rows) {
        $ratio = $baseline[0].Elapsed / $row.Elapsed
        $because = "$($row.StrategyName): Speedup $($row.Speedup), Sequential $($baseline[0].Elapsed) s over $($row.Elapsed) s"
        $row.Speedup | Should -BeGreaterOrEqual ($ratio * (1 - 1e-9)) -Because $because
        $row.Speedup | Should -BeLessOrEqual ($ratio * (1 + 1e-9)) -Because $because
    }
}
