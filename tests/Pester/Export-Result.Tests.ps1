BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    $script:results = Compare-Strategy -Workload Sleep -Size 20 -Tasks 4 -Workers 2 -Repeat 2 -Warmup 1 -WarningAction SilentlyContinue
    . $PSScriptRoot/TestHelpers.ps1
    $script:pwsh = Get-PwshPath

    # Every property, runs and task records included, as text: equal text is equal objects (doubles are written round-trip).
    function ConvertTo-Comparable([object[]] $InputObject) {
        $InputObject | Select-Object -Property * -ExcludeProperty ImportedFrom | ConvertTo-Json -Depth 8 -WarningAction Stop
    }
}

Describe 'Export-Result' {
    It 'writes one file for the whole pipeline and returns it' {
        $path = Join-Path $TestDrive 'one.json'
        $file = $results | Export-Result -Path $path
        $file | Should -BeOfType [System.IO.FileInfo]
        @($file).Count | Should -Be 1
        $document = Get-Content -Raw $path | ConvertFrom-Json
        $document.Format | Should -Be 'ParallelCmdlets.Results'
        $document.Version | Should -Be '1.2'
        $document.Results.Strategy | Should -Be @('Sequential', 'Threads', 'Processes')
        $document.Results[1].Runs.Count | Should -Be 2
        $document.Results[1].Runs[0].Records.Count | Should -Be 4
        $document.Results[0].Environment.LogicalCores | Should -Be ([Environment]::ProcessorCount)
    }

    It 'refuses an existing file without -Force, and overwrites it with -Force' {
        $path = Join-Path $TestDrive 'exists.json'
        Set-Content -Path $path -Value 'keep me'
        { $results | Export-Result -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,ParallelCmdlets.Commands.ExportResultCommand'
        Get-Content $path | Should -Be 'keep me'
        $results | Export-Result -Path $path -Force | Out-Null
        (Get-Content -Raw $path | ConvertFrom-Json).Format | Should -Be 'ParallelCmdlets.Results'
    }

    It 'writes nothing under -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.json'
        $results | Export-Result -Path $path -WhatIf
        $path | Should -Not -Exist
    }

    It 'refuses a path that does not end in .json or .md before anything runs' {
        { $results | Export-Result -Path (Join-Path $TestDrive 'r.csv') -ErrorAction Stop } | Should -Throw -ErrorId 'UnsupportedExtension,ParallelCmdlets.Commands.ExportResultCommand'
        { $results | Export-Result -Path (Join-Path $TestDrive 'r.csv') -ErrorAction Stop } | Should -Throw "Export-Result writes .json or .md files; * Use a path ending in .json or .md."
    }

    It 'skips objects that are not results, saying so, and refuses a pipeline without any' {
        $path = Join-Path $TestDrive 'mixed.json'
        $file = @($results[0], 'text') | Export-Result -Path $path -ErrorVariable skipped -ErrorAction SilentlyContinue
        $skipped[0].FullyQualifiedErrorId | Should -Be 'NotResultInput,ParallelCmdlets.Commands.ExportResultCommand'
        (Get-Content -Raw $file.FullName | ConvertFrom-Json).Results.Count | Should -Be 1
        { 'text' | Export-Result -Path (Join-Path $TestDrive 'none.json') -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'NoResults,ParallelCmdlets.Commands.ExportResultCommand'
        $bare = @($results[0], [ParallelCmdlets.ScalingPoint]::new()) | Export-Result -Path (Join-Path $TestDrive 'bare.json') -ErrorVariable skipped -ErrorAction SilentlyContinue
        $skipped[0].FullyQualifiedErrorId | Should -Be 'NotResultInput,ParallelCmdlets.Commands.ExportResultCommand'
        $skipped[0].Exception.Message | Should -Match 'ScalingPoint without the StrategyResult'
    }
}

Describe 'Import-Result' {
    Context 'in a fresh pwsh, from a file Export-Result wrote' {
        BeforeAll {
            $script:file = Join-Path $TestDrive 'travel.json'
            $results | Export-Result -Path $file | Out-Null
            $script:originalSvg = Join-Path $TestDrive 'original.svg'
            $results | Export-Timeline -Path $originalSvg | Out-Null
            $script:originalTrace = Join-Path $TestDrive 'original-trace.json'
            $results | Export-Timeline -Path $originalTrace | Out-Null

            # The other machine: a new pwsh that never measured anything, only imports the file.
            $script:report = Join-Path $TestDrive 'report.json'
            $probe = Join-Path $TestDrive 'probe.ps1'
            Set-Content -Path $probe -Value @'
param($Module, $File, $Svg, $Trace, $Report)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$imported = Import-Result -Path $File
$imported | Export-Timeline -Path $Svg | Out-Null
$imported | Export-Timeline -Path $Trace | Out-Null
[pscustomobject]@{
    Types        = @($imported | ForEach-Object { $_.GetType().FullName; $_.Runs[0].GetType().FullName; $_.Runs[0].Records[0].GetType().FullName; $_.Environment.GetType().FullName })
    ImportedFrom = @($imported.ImportedFrom)
    Json         = $imported | Select-Object -Property * -ExcludeProperty ImportedFrom | ConvertTo-Json -Depth 8
    Table        = $imported | Format-Table | Out-String -Width 200
    Sorted       = @($imported | Sort-Object Elapsed | Where-Object Strategy -NE 'Sequential' | ForEach-Object Strategy | ForEach-Object ToString)
} | ConvertTo-Json -Depth 3 | Set-Content -Path $Report
'@
            $script:importedSvg = Join-Path $TestDrive 'imported.svg'
            $script:importedTrace = Join-Path $TestDrive 'imported-trace.json'
            $output = & $pwsh -NoProfile -NonInteractive -File $probe $env:PARALLELCMDLETS_MODULE $file $importedSvg $importedTrace $report 2>&1
            $script:exitCode = $LASTEXITCODE
            $script:childOutput = $output -join "`n"
            $script:child = if (Test-Path $report) { Get-Content -Raw $report | ConvertFrom-Json } else { $null }
        }

        It 'imports without error' {
            $exitCode | Should -Be 0 -Because "the child pwsh wrote: $childOutput"
            $child | Should -Not -BeNullOrEmpty
        }

        It 'gives back StrategyResults with their RunResults, TaskRecords and EnvironmentInfo' {
            $child.Types | Select-Object -Unique | Should -Be @('ParallelCmdlets.StrategyResult', 'ParallelCmdlets.RunResult', 'ParallelCmdlets.TaskRecord', 'ParallelCmdlets.EnvironmentInfo')
            $child.Types.Count | Should -Be 12
        }

        It 'gives back equal objects: every result, run, task record and the environment' {
            $child.Json | Should -BeExactly (ConvertTo-Comparable $results)
        }

        It 'marks every imported result with the file it came from' {
            $child.ImportedFrom | Should -Be @($file, $file, $file)
            @($results | Where-Object { $null -ne $_.ImportedFrom }).Count | Should -Be 0
        }

        It 'draws an identical Export-Timeline SVG, byte for byte' {
            (Get-FileHash $importedSvg).Hash | Should -Be (Get-FileHash $originalSvg).Hash
        }

        It 'writes an identical trace' {
            (Get-FileHash $importedTrace).Hash | Should -Be (Get-FileHash $originalTrace).Hash
        }

        It 'shows in the results table and sorts and filters as measured ones do' {
            $child.Table | Should -Match 'Sequential'
            $child.Table | Should -Match 'Processes'
            $child.Sorted | Should -Be @($results | Sort-Object Elapsed | Where-Object Strategy -NE 'Sequential' | ForEach-Object { "$($_.Strategy)" })
        }
    }

    It 'draws imported results with Show-Timeline as measured ones' {
        $file = Join-Path $TestDrive 'show.json'
        $results | Export-Result -Path $file | Out-Null
        $measured = $results | Show-Timeline -Width 100 | Out-String
        $imported = Import-Result $file | Show-Timeline -Width 100 | Out-String
        $imported | Should -Be $measured
    }

    It 'gives back scaling points that Get-ScalingModel fits as it fits the measured ones' {
        $points = Measure-Scaling -Workload Sleep -Size 10 -Tasks 2 -Workers 1, 2 -Strategy Threads -Repeat 1 -Warmup 0 -WarningAction SilentlyContinue
        $file = Join-Path $TestDrive 'points.json'
        $points | Export-Result -Path $file | Out-Null
        $imported = Import-Result $file
        $imported | ForEach-Object { $_.GetType().FullName } | Select-Object -Unique | Should -Be 'ParallelCmdlets.ScalingPoint'
        ($imported | Select-Object Strategy, Workers, Size, Elapsed, Speedup, Efficiency | ConvertTo-Json) |
            Should -Be ($points | Select-Object Strategy, Workers, Size, Elapsed, Speedup, Efficiency | ConvertTo-Json)
        ($imported | Get-ScalingModel | ConvertTo-Json -WarningAction SilentlyContinue) | Should -Be ($points | Get-ScalingModel | ConvertTo-Json -WarningAction SilentlyContinue)
    }

    It 'reads several files and wildcards' {
        $results | Export-Result -Path (Join-Path $TestDrive 'many-1.json') | Out-Null
        $results[0] | Export-Result -Path (Join-Path $TestDrive 'many-2.json') | Out-Null
        @(Import-Result (Join-Path $TestDrive 'many-*.json')).Count | Should -Be 4
    }

    Context 'refuses what it cannot read, saying why' {
        It 'a missing file' {
            $missing = Join-Path $TestDrive 'missing.json'
            Import-Result $missing -ErrorVariable problem -ErrorAction SilentlyContinue
            $problem[0].FullyQualifiedErrorId | Should -Be 'ResultsFileNotFound,ParallelCmdlets.Commands.ImportResultCommand'
            $problem[0].Exception.Message | Should -Match ([regex]::Escape($missing))
        }

        It 'a file that is not JSON' {
            $csv = Join-Path $TestDrive 'runs.csv'
            $results | Export-Csv -Path $csv
            Import-Result $csv -ErrorVariable problem -ErrorAction SilentlyContinue
            $problem[0].FullyQualifiedErrorId | Should -Be 'ResultsFileNotJson,ParallelCmdlets.Commands.ImportResultCommand'
            $problem[0].Exception.Message | Should -Match 'is not JSON'
        }

        It 'JSON of another shape, such as a trace' {
            $trace = Join-Path $TestDrive 'trace.json'
            $results | Export-Timeline -Path $trace | Out-Null
            Import-Result $trace -ErrorVariable problem -ErrorAction SilentlyContinue
            $problem[0].FullyQualifiedErrorId | Should -Be 'NotResultsFile,ParallelCmdlets.Commands.ImportResultCommand'
            $problem[0].Exception.Message | Should -Match 'not a ParallelCmdlets results file'
        }

        It 'a file of a newer major version' {
            $future = Join-Path $TestDrive 'future.json'
            $results | Export-Result -Path $future | Out-Null
            (Get-Content -Raw $future) -replace '"Version": "1\.\d+"', '"Version": "2.0"' | Set-Content $future
            Import-Result $future -ErrorVariable problem -ErrorAction SilentlyContinue
            $problem[0].FullyQualifiedErrorId | Should -Be 'ResultsFileTooNew,ParallelCmdlets.Commands.ImportResultCommand'
            $problem[0].Exception.Message | Should -Match 'newer ParallelCmdlets'
        }
    }
}

Describe 'ConvertTo-Json on a StrategyResult' {
    It 'writes the shown run''s task records at the default depth' {
        $json = $results[1] | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json
        $json.TaskRecords.Count | Should -Be 4
        $json.TaskRecords.TaskId | Sort-Object | Should -Be @(1, 2, 3, 4)
        $json.TaskRecords[0].RunId | Should -Be $results[1].RunId
    }

    It 'writes every run with all its task records given -Depth 4' {
        $json = $results[1] | ConvertTo-Json -Depth 4 -WarningAction Stop | ConvertFrom-Json
        $json.Runs.Count | Should -Be 2
        foreach ($run in $json.Runs) { $run.Records.Count | Should -Be 4 }
    }

    It 'writes enumerations by name' {
        $json = $results[1] | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        $json.Strategy | Should -Be 'Threads'
        $json.Runs[0].Strategy | Should -Be 'Threads'
        $json.Runs[0].Records[0].Status | Should -Be 'Completed'
    }
}
