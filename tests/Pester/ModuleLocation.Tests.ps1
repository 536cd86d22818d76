BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $pwsh = Get-PwshPath
}

Describe 'A module installed under a path with a typographic quote and a space' -Tag ModuleLocation {
    BeforeAll {
        # ’ (U+2019) ends a single-quoted string in PowerShell just as ' does, so it is not written literally here.
        $copy = Join-Path $TestDrive "it$([char]0x2019)s a copy" 'ParallelCmdlets'
        New-Item -ItemType Directory -Path (Split-Path $copy) | Out-Null
        Copy-Item -LiteralPath $env:PARALLELCMDLETS_MODULE -Destination $copy -Recurse
        # A fresh pwsh: this one already has the module's assembly loaded from out/.
        $probe = Join-Path $TestDrive 'probe.ps1'
        Set-Content -LiteralPath $probe -Value @'
$ErrorActionPreference = 'Stop'
Import-Module -Name (Join-Path $args[0] 'ParallelCmdlets.psd1')
$out = Invoke-Workload -ScriptBlock { $TaskId } -Strategy Processes -Tasks 2 -Workers 1 -PassThru
$where = Invoke-Workload -ScriptBlock { [ParallelCmdlets.Scripting.PowerShellWorker].Assembly.Location } -Strategy Processes -Tasks 1 -Workers 1 -PassThru
[pscustomobject]@{
    Status = @($out | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] } | ForEach-Object { "$($_.Status)" })
    Output = @($out | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] } | Sort-Object)
    WorkerAssembly = @($where | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] })[0]
} | ConvertTo-Json -Compress
'@
        $json = & $pwsh -NoProfile -NonInteractive -File $probe $copy 2>&1
        $exitCode = $LASTEXITCODE
    }

    It 'runs a ScriptBlock in pwsh-hosted worker processes started from there' {
        $exitCode | Should -Be 0 -Because "the child pwsh wrote: $json"
        $result = "$json" | ConvertFrom-Json
        $result.Status | Should -Be 'Completed', 'Completed'
        $result.Output | Should -Be 1, 2
        $result.WorkerAssembly | Should -Be (Join-Path $copy 'ParallelCmdlets.dll')
    }
}
