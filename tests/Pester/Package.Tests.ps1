# The package as a user gets it: built from the module folder under test by the same script `./build.ps1 Package`
# runs, published to a folder repository, installed and imported by name in a fresh pwsh, used, and uninstalled.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $moduleFolder = $env:PARALLELCMDLETS_MODULE
    $root = Get-RepositoryRoot
    $pwsh = Get-PwshPath
    $version = (Import-PowerShellDataFile (Join-Path $moduleFolder 'ParallelCmdlets.psd1')).ModuleVersion

    # The user's own PSResourceGet settings, to show they are untouched.
    $userSettings = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml'
    $userSettingsBefore = (Test-Path $userSettings) ? (Get-FileHash $userSettings).Hash : $null

    $packageFolder = Join-Path $TestDrive 'package'
    $package = & (Join-Path $root 'tools/New-ModulePackage.ps1') -ModulePath $moduleFolder -ChangeLogPath (Join-Path $root 'CHANGELOG.md') `
        -DestinationPath $packageFolder -PwshPath $pwsh
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::OpenRead($package.FullName)
    try { $entries = @($zip.Entries.FullName) } finally { $zip.Dispose() }

    # A fresh pwsh whose home, PSResourceGet settings and CurrentUser module path live under $TestDrive
    # (PSResourceGet installs under $HOME/.local/share, whatever XDG_DATA_HOME says).
    $data = Join-Path $TestDrive 'home'
    $installedBase = $IsWindows ? (Join-Path $data 'Documents/PowerShell/Modules/ParallelCmdlets') : (Join-Path $data '.local/share/powershell/Modules/ParallelCmdlets')
    $script = @'
param($Repository, $Version)
$ErrorActionPreference = 'Stop'
$report = [ordered]@{}
Register-PSResourceRepository -Name PcmPackageTest -Uri $Repository -Trusted
try {
    Install-PSResource -Name ParallelCmdlets -Version $Version -Repository PcmPackageTest -Scope CurrentUser -TrustRepository
    Import-Module ParallelCmdlets
    $module = Get-Module ParallelCmdlets
    $report.ModuleBase = $module.ModuleBase
    $report.Version = "$($module.Version)"
    $compiled = Compare-Strategy -Workload Loop -Size 200000 -Tasks 4 -Workers 2 -Strategy Sequential, Processes -Repeat 2 -Warmup 1 -WarningAction SilentlyContinue
    $script = Compare-Strategy -ScriptBlock { param($n) $s = 0; foreach ($i in 1..$n) { $s += $i }; $s } -ArgumentList 2000 -Tasks 4 -Workers 2 `
        -Strategy Sequential, Processes -Repeat 2 -Warmup 1 -WarningAction SilentlyContinue
    $report.Rows = @($compiled; $script) | ForEach-Object {
        $median = $_.TaskRecords
        [ordered]@{ Workload = $_.Workload; Strategy = "$($_.Strategy)"; Failed = $_.FailedTasks; Tasks = $median.Count
            WorkerPids = @($median | ForEach-Object ProcessId | Sort-Object -Unique) }
    }
    $report.About = (Get-Help about_ParallelCmdlets | Out-String).Length
    $report.AboutTitle = [bool]((Get-Help about_ParallelCmdlets | Out-String) -match 'ParallelCmdlets')
    Remove-Module ParallelCmdlets
    Uninstall-PSResource -Name ParallelCmdlets -Version $Version -Scope CurrentUser
    $report.StillInstalled = @(Get-InstalledPSResource -Name ParallelCmdlets -Scope CurrentUser -ErrorAction SilentlyContinue).Count
}
finally {
    Unregister-PSResourceRepository -Name PcmPackageTest
}
$report.Repositories = @(Get-PSResourceRepository | ForEach-Object Name)
$report | ConvertTo-Json -Depth 5 -Compress
'@
    $scriptPath = Join-Path $TestDrive 'use-package.ps1'
    Set-Content -Path $scriptPath -Value $script
    $names = 'HOME', 'USERPROFILE', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'LOCALAPPDATA'
    $saved = @{}
    foreach ($name in $names) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    try {
        # .NET gives no application data folder (an empty path, so files land in the current folder) unless it exists.
        New-Item -ItemType Directory -Force -Path (Join-Path $data '.local/share'), (Join-Path $data '.config'), (Join-Path $data 'AppData/Local') | Out-Null
        [Environment]::SetEnvironmentVariable('HOME', $data)
        [Environment]::SetEnvironmentVariable('USERPROFILE', $data)
        [Environment]::SetEnvironmentVariable('XDG_DATA_HOME', (Join-Path $data '.local/share'))
        [Environment]::SetEnvironmentVariable('XDG_CONFIG_HOME', (Join-Path $data '.config'))
        [Environment]::SetEnvironmentVariable('LOCALAPPDATA', (Join-Path $data 'AppData/Local'))
        $output = & $pwsh -NoProfile -NonInteractive -File $scriptPath -Repository $packageFolder -Version $version 2>&1
        $exitCode = $LASTEXITCODE
    }
    finally {
        foreach ($name in $names) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
    $report = ($output | Select-Object -Last 1 | Out-String) | ConvertFrom-Json -ErrorAction SilentlyContinue
}

Describe 'The module package' -Tag Packaging {
    It 'is ParallelCmdlets.<version>.nupkg' {
        $package.Name | Should -Be "ParallelCmdlets.$version.nupkg"
    }

    It 'holds the module''s files and the licence' {
        foreach ($file in 'ParallelCmdlets.psd1', 'ParallelCmdlets.dll', 'ParallelCmdlets.Core.dll', 'ParallelCmdlets.Worker.dll',
            'ParallelCmdlets.Worker.runtimeconfig.json', 'ParallelCmdlets.Format.ps1xml', 'en-US/ParallelCmdlets.dll-Help.xml',
            'en-US/about_ParallelCmdlets.help.txt', 'LICENSE') {
            $entries | Should -Contain $file
        }
    }

    It 'holds no debug symbols, tests, benchmarks or reference assemblies' {
        $entries | Where-Object { $_ -match '\.pdb$|Tests?[\\/]|\.Tests\.ps1$|bench|(^|/)ref/|System\.Management\.Automation\.dll' } | Should -BeNullOrEmpty
    }

    It 'carries the gallery metadata, with this version''s release notes from CHANGELOG.md' {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package.FullName)
        try {
            $reader = [System.IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq 'ParallelCmdlets.nuspec').Open())
            $nuspec = ([xml]$reader.ReadToEnd()).package.metadata
            $reader.Dispose()
        }
        finally { $zip.Dispose() }
        # The project link is the manifest's own: the project has no public home yet, so none is made up.
        $projectUri = (Import-PowerShellDataFile (Join-Path $moduleFolder 'ParallelCmdlets.psd1')).PrivateData.PSData.ProjectUri
        if ($projectUri) { $nuspec.projectUrl | Should -Be $projectUri } else { $nuspec.projectUrl | Should -BeNullOrEmpty }
        $nuspec.licenseUrl | Should -Match '^https://'
        $nuspec.tags | Should -Match 'parallel'
        $nuspec.description | Should -Be (Import-PowerShellDataFile (Join-Path $moduleFolder 'ParallelCmdlets.psd1')).Description
        $changeLog = Get-Content -Raw (Join-Path $root 'CHANGELOG.md')
        $firstNote = ($nuspec.releaseNotes -split "`n")[0].Trim()
        $firstNote | Should -Not -BeNullOrEmpty
        $changeLog | Should -Match ([regex]::Escape($firstNote))
    }
}

Describe 'The installed package' -Tag Packaging {
    It 'ran in a fresh pwsh without an error' {
        $exitCode | Should -Be 0 -Because ($output | Out-String)
        $report | Should -Not -BeNullOrEmpty
    }

    It 'was imported by name from the temporary module path' {
        $report.ModuleBase | Should -BeLike "$installedBase*"
        $report.Version | Should -Be $version
    }

    It 'ran a compiled workload and a ScriptBlock on worker processes' {
        $processes = @($report.Rows | Where-Object Strategy -eq 'Processes')
        $processes.Workload | Should -Be @('Loop', 'ScriptBlock')
        foreach ($row in $report.Rows) {
            $row.Failed | Should -Be 0
            $row.Tasks | Should -Be 4
        }
        foreach ($row in $processes) { $row.WorkerPids | Should -Not -Contain $null }
    }

    It 'showed about_ParallelCmdlets' {
        $report.AboutTitle | Should -BeTrue
    }

    It 'uninstalled, leaving no module folder and no repository registered' {
        $report.StillInstalled | Should -Be 0
        $installedBase | Should -Not -Exist
        $report.Repositories | Should -Not -Contain 'PcmPackageTest'
    }

    It 'left no worker process running' {
        $pids = @($report.Rows | Where-Object Strategy -eq 'Processes' | ForEach-Object WorkerPids)
        # Workers leave when their pool closes; give a slow machine a moment, but no more than the deadline.
        function Get-AliveWorker { @($pids | Where-Object { Get-Process -Id $_ -ErrorAction SilentlyContinue | Where-Object { "$($_.CommandLine)" -like "*$data*" } }) }
        $null = Wait-Until { (Get-AliveWorker).Count -eq 0 } 15
        Get-AliveWorker | Should -BeNullOrEmpty
    }

    It 'wrote no settings into the current folder' {
        foreach ($folder in 'PSResourceGet', 'NuGet') { Join-Path (Get-Location) $folder | Should -Not -Exist }
    }

    It 'left the user''s own PSResourceGet settings as they were' {
        $after = (Test-Path $userSettings) ? (Get-FileHash $userSettings).Hash : $null
        $after | Should -Be $userSettingsBefore
    }
}
