BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    $readme = Join-Path $PSScriptRoot '../../README.md'

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

    It 'has a Pester recipe that passes as printed, in a fresh pwsh from the folder holding out/ParallelCmdlets' {
        # Issue 17: the recipe lacked Import-Module, so it failed with "Compare-Strategy is not recognized".
        $recipe = Join-Path $TestDrive 'Sum.Tests.ps1'
        Set-Content -Path $recipe -Value (Get-ReadmeBlock 'Your own experiment as a Pester test')
        # The recipe imports ./out/ParallelCmdlets: run it from the folder that holds the module under test there.
        $module = (Resolve-Path $env:PARALLELCMDLETS_MODULE).Path
        $root = Split-Path (Split-Path $module)
        (Split-Path $module -Leaf), (Split-Path (Split-Path $module) -Leaf) | Should -Be 'ParallelCmdlets', 'out'
        $pester = (Get-Module Pester).Path
        $pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
        $summary = & $pwsh -NoProfile -NonInteractive -Command "Set-Location -LiteralPath '$root'; Import-Module '$pester'; `$r = Invoke-Pester -Path '$recipe' -PassThru -Output None; '{0} passed, {1} failed, {2} skipped, {3} inconclusive' -f `$r.PassedCount, `$r.FailedCount, `$r.SkippedCount, `$r.InconclusiveCount"
        # The recipe itself says inconclusive when other programs kept the cores busy, as on a shared test machine.
        $summary | Select-Object -Last 1 | Should -BeIn '1 passed, 0 failed, 0 skipped, 0 inconclusive', '0 passed, 0 failed, 0 skipped, 1 inconclusive'
    }
}
