# A worker hosted in pwsh, started by PwshWorkerLauncher as
#   pwsh -File ParallelCmdlets.Worker.ps1 <module manifest> --socket <path> --worker <n> --slots <n> --parent <pid>
# No param block: PowerShell would bind the worker's --name arguments as parameters of this script; $args keeps
# every argument as the launcher passed it.
$ErrorActionPreference = 'Stop'
$moduleManifest, $workerArguments = $args
Import-Module -Name $moduleManifest
exit [ParallelCmdlets.Scripting.PowerShellWorker]::Run([string[]] $workerArguments)
