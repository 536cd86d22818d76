<#
.SYNOPSIS
    Runs the Pester suite against the built module in this (fresh) pwsh and writes the counts as JSON.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [string] $Tag
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:PARALLELCMDLETS_MODULE = $ModulePath

$config = New-PesterConfiguration
$config.Run.Path = Join-Path $PSScriptRoot 'Pester'
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
if ($Tag) { $config.Filter.Tag = $Tag -split ',' }
else { $config.Filter.ExcludeTag = 'Experiment' }

$result = Invoke-Pester -Configuration $config
$counts = @{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
    # Names and first message lines of failures, so build.ps1 can repeat them beside the final count.
    FailedNames = @($result.Failed | ForEach-Object { "$($_.ExpandedPath): $(($_.ErrorRecord | Select-Object -First 1).Exception.Message -split "`n" | Select-Object -First 1)" })
    # Skipped tests with the reason Set-ItResult -Because gave, so a skip is never mistaken for a pass.
    SkippedNames = @($result.Skipped | ForEach-Object { "$($_.ExpandedPath): $(@($_.ErrorRecord | Select-Object -First 1) -join '')" })
}
$counts | ConvertTo-Json | Set-Content -Path $ResultPath

