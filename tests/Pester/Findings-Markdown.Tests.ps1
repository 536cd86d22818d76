# Export-Result -Path x.md, and docs/FINDINGS.md's tables as its output: the table there is regenerated from the
# saved runs it was written from and must come out the same, character for character.
BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . $PSScriptRoot/TestHelpers.ps1
    $root = Get-RepositoryRoot
}

Describe 'Export-Result -Path x.md' {
    BeforeAll {
        $script:results = Compare-Strategy -Workload Sleep -Size 20 -Tasks 4 -Workers 2 -Repeat 4 -WarningAction SilentlyContinue
        $script:path = Join-Path $TestDrive 'results.md'
        $script:file = $results | Export-Result -Path $path
        $script:lines = Get-Content $path
    }

    It 'writes one markdown file and returns it' {
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.Extension | Should -Be '.md'
    }

    It 'starts with the environment in one line' {
        $lines[0] | Should -Be "Environment: $($results[0].EnvironmentSummary)"
    }

    It 'writes a GitHub table per comparison with a row per strategy and as many cells as the header' {
        $header = $lines | Where-Object { $_ -like '| strategy |*' }
        @($header).Count | Should -Be 1
        $lines | Should -Contain '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|'
        $rows = @($lines | Where-Object { $_ -match '^\| (Sequential|Threads|Processes) \|' })
        $rows.Count | Should -Be 3
        foreach ($row in $rows) { ($row.ToCharArray() -eq '|').Count | Should -Be ($header.ToCharArray() -eq '|').Count }
    }

    It 'marks the winner in bold and ties with ≈, as the console marks them, with the speedup''s interval' {
        foreach ($result in $results) {
            $row = $lines | Where-Object { $_ -like "| $($result.Strategy) |*" }
            if ($result.Fastest) { $row | Should -Match '\*\*' } else { $row | Should -Not -Match '\*\*' }
            if ($result.Tie) { $row | Should -Match '≈' } else { $row | Should -Not -Match '≈' }
            if ($null -ne $result.SpeedupLow -and $result.SpeedupHigh -gt $result.SpeedupLow) {
                $row | Should -Match ([regex]::Escape(('({0:0.00}–{1:0.00})' -f $result.SpeedupLow, $result.SpeedupHigh)))
            }
        }
    }

    It 'lists the warnings as the console words them' {
        foreach ($result in $results) {
            foreach ($warning in $result.GetWarnings()) { $lines | Should -Contain "- Sleep $($result.Strategy): $warning" }
        }
    }
}

Describe 'docs/FINDINGS.md' {
    BeforeDiscovery {
        # Every table in FINDINGS.md stands between markers naming the saved runs it was written from.
        $findings = Get-Content -Raw (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'docs/FINDINGS.md')
        $script:exports = @([regex]::Matches($findings, '(?s)<!-- markdown export of (findings/[^ ]+\.json) -->\n(.*?)<!-- end of markdown export -->') |
            ForEach-Object { @{ Source = $_.Groups[1].Value; Block = $_.Groups[2].Value } })
    }

    It 'has the article''s tables and the four PowerShell-tools tables between export markers' -ForEach @(@{ Sources = @($exports | ForEach-Object { $_.Source }) }) {
        $Sources | Should -Contain 'findings/results.json'
        foreach ($kind in 'Empty', 'Cpu10ms', 'Cpu200ms', 'Return10MB') { $Sources | Should -Contain "findings/powershell-tools/$kind.json" }
    }

    It 'holds the table from <Source> exactly as Export-Result writes it from those saved runs' -ForEach $exports {
        $Block | Should -Not -BeNullOrEmpty
        $regenerated = Join-Path $TestDrive ([IO.Path]::ChangeExtension((Split-Path -Leaf $Source), '.md'))
        Import-Result (Join-Path $root "docs/$Source") | Export-Result -Path $regenerated -Force | Out-Null
        $Block | Should -BeExactly (Get-Content -Raw $regenerated)
    }
}
