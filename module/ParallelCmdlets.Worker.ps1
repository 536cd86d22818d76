# A worker hosted in pwsh, started by PwshWorkerLauncher as
#   pwsh -File ParallelCmdlets.Worker.ps1 <module manifest> --socket <path> --worker <n> --slots <n> --parent <pid>
# No param block: PowerShell would bind the worker's --name arguments as parameters of this script; $args keeps
# every argument as the launcher passed it.
$ErrorActionPreference = 'Stop'
# pwsh has read its startup profile from the worker's own cache folder (PwshWorkerLauncher): the user's code sees the caller's.
if ($null -ne $env:PARALLELCMDLETS_CALLER_XDG_CACHE_HOME) {
    $env:XDG_CACHE_HOME = if ($env:PARALLELCMDLETS_CALLER_XDG_CACHE_HOME) { $env:PARALLELCMDLETS_CALLER_XDG_CACHE_HOME } else { $null }
    $env:PARALLELCMDLETS_CALLER_XDG_CACHE_HOME = $null
}
$moduleManifest, $workerArguments = $args
Import-Module -Name $moduleManifest
exit [ParallelCmdlets.Scripting.PowerShellWorker]::Run([string[]] $workerArguments)
