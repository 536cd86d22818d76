<#
.SYNOPSIS
    Writes ParallelCmdlets.<version>.nupkg from a built module folder, with PSResourceGet, and returns the file.
.DESCRIPTION
    Copies the module folder to a staging folder without debug symbols, fills the manifest's ReleaseNotes from the
    version's section of CHANGELOG.md, refuses reference assemblies and files that do not belong in a module
    (tests, benchmarks), then publishes it with Publish-PSResource to a folder repository of its own.

    The repository is registered in a child pwsh whose home and PSResourceGet settings live in a temporary folder
    (HOME, XDG_DATA_HOME, LOCALAPPDATA): the user's own repository list is never read or changed,
    even when the build is stopped half-way.
.EXAMPLE
    ./tools/New-ModulePackage.ps1 -ModulePath out/ParallelCmdlets -ChangeLogPath CHANGELOG.md -DestinationPath out/package
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ChangeLogPath,
    [Parameter(Mandatory)] [string] $DestinationPath,
    # The pwsh that publishes; the one running this script by default.
    [string] $PwshPath = (Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# Names and folders a module package never carries: the repository's tests and benchmarks, build output of tools,
# debug symbols, and the worker's native launcher (workers start as `dotnet ParallelCmdlets.Worker.dll`).
$foreignPattern = '(^|[\\/])(tests?|bench|obj|bin|ref)([\\/]|$)|\.(pdb|Tests\.ps1)$|^ParallelCmdlets\.Worker(\.exe)?$'

$ModulePath = (Resolve-Path $ModulePath).ProviderPath
$name = Split-Path -Leaf $ModulePath
$manifestPath = Join-Path $ModulePath "$name.psd1"
if (-not (Test-Path $manifestPath)) { throw "'$ModulePath' holds no $name.psd1: run ./build.ps1 Build first." }
$version = (Import-PowerShellDataFile $manifestPath).ModuleVersion

# The version's section of the change log: from its '## <version>' heading to the next '## ' heading.
$notes = [System.Collections.Generic.List[string]]::new()
$inSection = $false
foreach ($line in Get-Content -LiteralPath $ChangeLogPath) {
    if ($line -match '^##\s') {
        if ($inSection) { break }
        $inSection = $line -match "^##\s+\[?$([regex]::Escape($version))\]?(\s|$)"
        continue
    }
    if ($inSection) { $notes.Add($line) }
}
$releaseNotes = ($notes -join "`n").Trim()
if (-not $releaseNotes) { throw "CHANGELOG.md has no section '## $version' to take the release notes from." }

$work = Join-Path ([System.IO.Path]::GetTempPath()) "pcm-package-$([guid]::NewGuid().ToString('n'))"
try {
    $staged = Join-Path $work $name
    $repository = Join-Path $work 'repository'
    New-Item -ItemType Directory -Force -Path $staged, $repository, (Join-Path $work 'data') | Out-Null
    foreach ($file in Get-ChildItem -LiteralPath $ModulePath -Recurse -File) {
        $relative = [System.IO.Path]::GetRelativePath($ModulePath, $file.FullName)
        if ($relative -match $foreignPattern) { continue }
        $target = Join-Path $staged $relative
        New-Item -ItemType Directory -Force -Path (Split-Path -Parent $target) | Out-Null
        Copy-Item -LiteralPath $file.FullName -Destination $target
    }
    $license = Join-Path (Split-Path -Parent $ChangeLogPath) 'LICENSE'
    if (Test-Path $license) { Copy-Item -LiteralPath $license -Destination $staged }
    $found = @(& (Join-Path $PSScriptRoot 'Find-ReferenceAssembly.ps1') -Path $staged)
    if ($found) { throw "Reference assemblies must not ship in the package: $($found -join ', ')." }

    # A single-quoted PowerShell string holds any text once its quotes are doubled.
    $stagedManifest = Join-Path $staged "$name.psd1"
    $text = Get-Content -Raw -LiteralPath $stagedManifest
    if ($text -notmatch "ReleaseNotes\s*=\s*'[^']*'") { throw "The manifest has no ReleaseNotes = '' entry under PrivateData.PSData to fill." }
    $quoted = "'" + $releaseNotes.Replace("'", "''") + "'"
    $text = [regex]::Replace($text, "ReleaseNotes\s*=\s*'[^']*'", { param($m) "ReleaseNotes = $quoted" })
    Set-Content -LiteralPath $stagedManifest -Value $text -NoNewline

    $script = @'
param($Staged, $Repository)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name ParallelCmdletsBuild -Uri $Repository -Trusted
try { Publish-PSResource -Path $Staged -Repository ParallelCmdletsBuild }
finally { Unregister-PSResourceRepository -Name ParallelCmdletsBuild }
'@
    $scriptPath = Join-Path $work 'publish.ps1'
    Set-Content -LiteralPath $scriptPath -Value $script
    # PSResourceGet keeps its settings under the local application data folder, and some paths under HOME.
    $names = 'HOME', 'USERPROFILE', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'LOCALAPPDATA'
    $saved = @{}
    foreach ($variable in $names) { $saved[$variable] = [Environment]::GetEnvironmentVariable($variable) }
    try {
        $home_ = Join-Path $work 'data'
        # .NET gives no application data folder (an empty path, so files land in the current folder) unless it exists.
        New-Item -ItemType Directory -Force -Path (Join-Path $home_ '.local/share'), (Join-Path $home_ '.config'), (Join-Path $home_ 'AppData/Local') | Out-Null
        [Environment]::SetEnvironmentVariable('HOME', $home_)
        [Environment]::SetEnvironmentVariable('USERPROFILE', $home_)
        [Environment]::SetEnvironmentVariable('XDG_DATA_HOME', (Join-Path $home_ '.local/share'))
        [Environment]::SetEnvironmentVariable('XDG_CONFIG_HOME', (Join-Path $home_ '.config'))
        [Environment]::SetEnvironmentVariable('LOCALAPPDATA', (Join-Path $home_ 'AppData/Local'))
        & $PwshPath -NoProfile -NonInteractive -File $scriptPath -Staged $staged -Repository $repository | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "Publish-PSResource failed with exit code $LASTEXITCODE." }
    }
    finally {
        foreach ($variable in $names) { [Environment]::SetEnvironmentVariable($variable, $saved[$variable]) }
    }
    $nupkg = Get-ChildItem -LiteralPath $repository -Filter "$name.$version.nupkg"
    if (-not $nupkg) { throw "Publish-PSResource wrote no $name.$version.nupkg." }
    New-Item -ItemType Directory -Force -Path $DestinationPath | Out-Null
    $destination = Join-Path (Resolve-Path $DestinationPath).ProviderPath $nupkg.Name
    Copy-Item -LiteralPath $nupkg.FullName -Destination $destination -Force
    Get-Item -LiteralPath $destination
}
finally {
    if (Test-Path $work) { Remove-Item -Recurse -Force $work }
}
