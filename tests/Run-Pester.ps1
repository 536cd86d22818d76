<#
.SYNOPSIS
    Runs the Pester suite against the built module in this (fresh) pwsh and writes the counts as JSON.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [string] $Tag,
    # Files or folders to run instead of the suite (build.ps1 Test -Path), joined by the path separator.
    [string] $TestPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:PARALLELCMDLETS_MODULE = $ModulePath

$config = New-PesterConfiguration
$config.Run.Path = if ($TestPath) { $TestPath -split [IO.Path]::PathSeparator } else { Join-Path $PSScriptRoot 'Pester' }
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
if ($Tag) { $config.Filter.Tag = $Tag -split ',' }
# Experiments measure the machine: the suite leaves them out, but files named with -Path run whole.
elseif (-not $TestPath) { $config.Filter.ExcludeTag = 'Experiment' }

$result = Invoke-Pester -Configuration $config
function Get-FirstLine($ErrorRecord) {
    (($ErrorRecord | Select-Object -First 1).Exception.Message -split "`n" | Select-Object -First 1)
}
$counts = @{
    Passed   = $result.PassedCount
    Failed   = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    # An experiment that found the machine too busy to measure says so (Inconclusive): neither passed nor failed.
    Skipped  = $result.SkippedCount + $result.InconclusiveCount
    # Names and first message lines of failures, so build.ps1 can repeat them beside the final count and the flake
    # finder can group them across runs; a block or file that failed before its tests ran counts as one.
    Failures = @(
        @($result.Failed | ForEach-Object { @{ Name = $_.ExpandedPath; Message = Get-FirstLine $_.ErrorRecord } })
        @($result.FailedBlocks | ForEach-Object { @{ Name = "$($_.ExpandedPath) (block)"; Message = Get-FirstLine $_.ErrorRecord } })
        @($result.FailedContainers | ForEach-Object { @{ Name = "$($_.Item) (file)"; Message = Get-FirstLine $_.ErrorRecord } })
    )
    # Skipped tests with the reason Set-ItResult -Because gave, so a skip is never mistaken for a pass.
    SkippedNames = @(
        @($result.Skipped | ForEach-Object { "$($_.ExpandedPath): $(@($_.ErrorRecord | Select-Object -First 1) -join '')" })
        @($result.Inconclusive | ForEach-Object { "$($_.ExpandedPath) (inconclusive): $(@($_.ErrorRecord | Select-Object -First 1) -join '')" })
    )
}
$counts | ConvertTo-Json -Depth 4 | Set-Content -Path $ResultPath

