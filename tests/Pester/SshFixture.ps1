# A real SSH server for the Remote strategy's tests and bench, started and stopped by them: host and user keys in a
# private 0700 folder, a test-only sshd_config (one loopback address, a free port, key authentication only, the
# powershell subsystem of this very pwsh), sshd run in the foreground as a child process and stopped by its pid.
# Dot-source it; Start-TestSshd returns what a client needs, or throws with the reason sshd could not run.

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
    $folder = (New-Item -ItemType Directory -Path (Join-Path ([System.IO.Path]::GetTempPath()) "pc-sshd-$([guid]::NewGuid().ToString('N').Substring(0, 12))")).FullName
    chmod 700 $folder
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
    $pwsh = Join-Path $PSHOME 'pwsh'
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
        Get-ChildPids $Server.Process.Id | ForEach-Object { Stop-Process -Id $_ -Force -ErrorAction Ignore }
        if (-not $Server.Process.HasExited) { Stop-Process -Id $Server.Process.Id -Force -ErrorAction Ignore; $Server.Process.WaitForExit(5000) | Out-Null }
        Remove-Item -Recurse -Force $Server.Folder -ErrorAction Ignore
    }
}

function Get-ChildPids([int] $ProcessId) {
    # Every descendant of a process, read from /proc (children first would miss grandchildren re-parented on exit).
    $children = @(Get-ChildItem /proc -Directory -ErrorAction Ignore | Where-Object Name -match '^\d+$' | ForEach-Object {
            $stat = Get-Content "/proc/$($_.Name)/stat" -Raw -ErrorAction Ignore
            if ($stat -and ($stat.Substring($stat.LastIndexOf(')') + 2) -split ' ')[1] -eq "$ProcessId") { [int]$_.Name }
        })
    foreach ($child in $children) { Get-ChildPids $child; $child }
}
