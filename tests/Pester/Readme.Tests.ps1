BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . $PSScriptRoot/TestHelpers.ps1
    $readme = Join-Path (Get-RepositoryRoot) 'README.md'

    function Get-ReadmeBlock {
        # The first fenced block after a heading of README.md, as printed there.
        param([string] $Heading)
        $text = Get-Content -Raw $readme
        $section = $text.Substring($text.IndexOf("### $Heading"))
        [regex]::Match($section, '(?s)```powershell\r?\n(.*?)```').Groups[1].Value
    }
}

Describe 'README' {
    It 'has a Pester recipe that imports the module itself' {
        Get-ReadmeBlock 'Your own experiment as a Pester test' | Should -Match 'BeforeAll \{\s*Import-Module '
    }

    It 'has a Pester recipe that passes when run as the README says, with no warning of the module''s own making' {
        # Issue 27: `Invoke-Pester ./Sum.Tests.ps1` was not recognised (Pester was not loaded), and the recipe's
        # -Repeat 3 drew the module's own "cannot tell strategies apart" warnings. Run here exactly as printed:
        # saved in the repository's folder, through the build's -Path, from the folder holding out/ParallelCmdlets.
        $module = (Resolve-Path $env:PARALLELCMDLETS_MODULE).Path
        (Split-Path $module -Leaf), (Split-Path (Split-Path $module) -Leaf) | Should -Be 'ParallelCmdlets', 'out'
        $root = Split-Path (Split-Path $module)
        $text = Get-Content -Raw $readme
        $command = [regex]::Match($text.Substring($text.IndexOf('### Your own experiment as a Pester test')), '(?m)^dotnet pwsh (\./build\.ps1 Test -Path (\S+))').Groups
        $command[1].Value | Should -Not -BeNullOrEmpty -Because 'the README says how to run the recipe'
        $recipe = Join-Path $root $command[2].Value
        Test-Path $recipe | Should -BeFalse -Because 'the test must not overwrite a file of the same name'
        Set-Content -Path $recipe -Value (Get-ReadmeBlock 'Your own experiment as a Pester test')
        $pwsh = Get-PwshPath
        Push-Location $root
        try { $output = @(& $pwsh -NoProfile -NonInteractive -File ./build.ps1 Test -Path $command[2].Value 2>&1 | ForEach-Object { "$_" }) }
        finally {
            Pop-Location
            Remove-Item -LiteralPath $recipe -ErrorAction Ignore
        }
        $summary = "$($output | Where-Object { "$_" -match '^Tests: ' } | Select-Object -Last 1)"
        # The recipe itself says inconclusive (counted as skipped) when other programs kept the cores busy.
        $summary | Should -BeIn 'Tests: 1 passed, 0 failed, 0 skipped', 'Tests: 0 passed, 0 failed, 1 skipped' -Because ($output | Select-Object -Last 15 | Out-String)
        # The module's defaults take enough runs to tell strategies apart: it asks the recipe for no more.
        $output | Where-Object { $_ -match 'WARNING:.*cannot tell strategies apart' } | Should -BeNullOrEmpty
    }
}
