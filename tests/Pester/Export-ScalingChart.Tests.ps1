BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    $PSDefaultParameterValues = @{ 'Measure-Scaling:WarningAction' = 'SilentlyContinue' }

    # A real worker sweep (three counts, so both laws are fitted), and a hand-made size sweep with one break-even.
    $script:workerSweep = Measure-Scaling -Workload Sleep -Size 5 -Tasks 2 -Workers 1, 2, 3 -Repeat 1 -Warmup 0
    $script:sizeSweep = foreach ($row in @(@(100, 1.0, 0.6, 0.4), @(1000, 10.0, 5.2, 6.0), @(10000, 100.0, 51.0, 80.0))) {
        $size, $sequential, $threads, $processes = $row
        foreach ($p in @(@('Sequential', 1, $sequential), @('Threads', 2, $threads), @('Processes', 2, $processes))) {
            [ParallelCmdlets.ScalingPoint]@{
                Workload = 'Synthetic'; Strategy = $p[0]; Workers = $p[1]; Size = $size; Tasks = 8
                Elapsed = $p[2]; ElapsedLow = $p[2] * 0.95; ElapsedHigh = $p[2] * 1.05; Speedup = $sequential / $p[2]
            }
        }
    }

    . $PSScriptRoot/TestHelpers.ps1
    . $PSScriptRoot/PictureHelpers.ps1
    $script:chromium = Find-Chromium

    # Measure-Scaling running a ScriptBlock that leaves a file behind: shows whether the upstream command ran.
    function Invoke-MarkingSweep([string] $Marker) {
        Measure-Scaling -ScriptBlock { param($path) New-Item -ItemType File -Path $path -Force | Out-Null } -ArgumentList $Marker `
            -Tasks 1 -Workers 1 -Strategy Threads -Repeat 1 -Warmup 0
    }
}

Describe 'Export-ScalingChart' {
    Context 'a worker sweep to an .svg file' {
        BeforeAll {
            $script:file = $workerSweep | Export-ScalingChart -Path (Join-Path $TestDrive 'workers.svg')
            $script:svg = [xml](Get-Content -Raw $file.FullName)
            $script:drawn = @($workerSweep | Where-Object Strategy -NE 'Sequential')
        }

        It 'returns the file it wrote' {
            $file | Should -BeOfType [System.IO.FileInfo]
            $file.FullName | Should -Be (Join-Path $TestDrive 'workers.svg')
            $file.Length | Should -Be ([IO.File]::ReadAllBytes($file.FullName).Length) -Because 'the file is returned once written'
        }

        It 'writes SVG that parses as XML and counts every point it was given' {
            $svg.DocumentElement.LocalName | Should -Be 'svg'
            $svg.DocumentElement.GetAttribute('class') | Should -Be 'scaling-chart'
            $svg.DocumentElement.GetAttribute('data-points') | Should -Be "$($workerSweep.Count)"
            $svg.DocumentElement.GetAttribute('data-charts') | Should -Be 'speedup'
        }

        It 'draws one marker per point with a speedup, Sequential being the baseline' {
            $marks = Select-Class $svg.DocumentElement 'point' 'g'
            $marks.Count | Should -Be $drawn.Count
            foreach ($mark in $marks) { (Select-Class $mark 'marker').Count | Should -Be 1 }
            $marks | ForEach-Object { "$($_.GetAttribute('data-strategy')) $($_.GetAttribute('data-workers'))" } | Sort-Object |
                Should -Be ($drawn | ForEach-Object { "$($_.Strategy) $($_.Workers)" } | Sort-Object)
        }

        It 'draws the ideal line and a fitted curve for each strategy' {
            (Select-Class $svg.DocumentElement 'ideal').Count | Should -BeGreaterOrEqual 1
            foreach ($strategy in 'Threads', 'Processes') {
                (Select-Class $svg.DocumentElement 'fit' | Where-Object { $_.GetAttribute('data-strategy') -eq $strategy }) |
                    Should -Not -BeNullOrEmpty -Because "$strategy has three worker counts to fit"
            }
        }

        It 'titles the chart with the workload, or -Title' {
            $svg.DocumentElement.title | Should -Be 'Sleep: scaling'
            $other = $workerSweep | Export-ScalingChart -Path (Join-Path $TestDrive 'titled.svg') -Title 'Mine & <yours>'
            ([xml](Get-Content -Raw $other.FullName)).DocumentElement.title | Should -Be 'Mine & <yours>'
        }
    }

    Context 'a size sweep' {
        It 'draws elapsed against size, one marker per point including Sequential, and the break-even' {
            $file = $sizeSweep | Export-ScalingChart -Path (Join-Path $TestDrive 'sizes.svg')
            $svg = [xml](Get-Content -Raw $file.FullName)
            $svg.DocumentElement.GetAttribute('data-charts') | Should -Be 'elapsed'
            $elapsed = Select-Class $svg.DocumentElement 'elapsed' 'g' | Select-Object -First 1
            (Select-Class $elapsed 'point' 'g').Count | Should -Be 9
            $breakEven = @(Select-Class $svg.DocumentElement 'break-even' 'g')
            $breakEven.Count | Should -Be 1
            [double]$breakEven[0].GetAttribute('data-size') | Should -BeGreaterThan 540
            [double]$breakEven[0].GetAttribute('data-size') | Should -BeLessThan 560
        }
    }

    Context 'to an .html file' {
        BeforeAll {
            $script:page = Join-Path $TestDrive 'workers.html'
            $script:pageFile = $workerSweep | Export-ScalingChart -Path $page
            $script:html = Get-Content -Raw $page
        }

        It 'returns the page and embeds the same chart inline' {
            $pageFile | Should -BeOfType [System.IO.FileInfo]
            $html | Should -Match '^<!DOCTYPE html>'
            $inline = Get-InlineSvg $html
            (Select-Class $inline.DocumentElement 'point' 'g').Count | Should -Be ($workerSweep | Where-Object Strategy -NE 'Sequential').Count
        }

        It 'fetches nothing: no external scripts, styles or fonts' {
            $html | Should -Not -Match '\ssrc='
            $html | Should -Not -Match '<link'
            $html | Should -Not -Match '@import|url\(\s*["'']?(https?:)?//'
        }
    }

    Context 'in a real browser' {
        BeforeAll {
            $script:browserPage = Join-Path $TestDrive 'browser.html'
            $workerSweep | Export-ScalingChart -Path $browserPage | Out-Null
            # Chromium logs page errors as 'INFO:CONSOLE:<line>] "Uncaught ...' (older builds: 'CONSOLE(<line>)').
            $script:consoleError = 'Uncaught|CONSOLE[(:]'
            if ($chromium) {
                Add-PngReader
            }
        }

        It 'renders the page to a PNG that shows the chart, with no console errors' {
            if (-not $chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
            $png = Join-Path $TestDrive 'workers.png'
            $run = Invoke-Chromium $browserPage "--screenshot=$png"
            $run.ExitCode | Should -Be 0 -Because $run.Err
            $png | Should -Exist
            (Get-Item $png).Length | Should -BeGreaterThan 10000
            [byte[]] $head = [System.IO.File]::ReadAllBytes($png)[0..3]
            $head | Should -Be @(0x89, 0x50, 0x4E, 0x47)
            $run.Err -split "`n" | Where-Object { $_ -match $consoleError } | Should -BeNullOrEmpty

            # Not blank: text, axes and both series drawn in their strategies' colours (Threads blue, Processes orange).
            $width = $height = 0
            $rgb = [PicturePng]::ReadRgb($png, [ref] $width, [ref] $height)
            $width | Should -Be 1200
            $pixels = $width * $height
            $pixels - [PicturePng]::Count($rgb, '#ffffff', 8) | Should -BeGreaterThan ($pixels * 0.005)
            [PicturePng]::Count($rgb, '#4c78a8', 24) | Should -BeGreaterThan 100
            [PicturePng]::Count($rgb, '#f58518', 24) | Should -BeGreaterThan 100
        }

        It 'runs the page''s scripts to the end without an error' {
            if (-not $chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
            $dom = (Invoke-Chromium $browserPage '--dump-dom').Out
            $dom | Should -Match '<html[^>]*data-ready="1"'
            $dom | Should -Not -Match 'data-errors='
            # The hover script moved each point's numbers into data-tip.
            $dom | Should -Match 'data-tip="Threads · 1 worker'
        }
    }

    Context 'refusing' {
        It 'refuses a path that is not .html or .svg before the command upstream runs' {
            $marker = Join-Path $TestDrive 'ran-ext'
            $path = Join-Path $TestDrive 'chart.txt'
            { Invoke-MarkingSweep $marker | Export-ScalingChart -Path $path } | Should -Throw -ErrorId 'UnsupportedExtension,*'
            $marker | Should -Not -Exist
            $path | Should -Not -Exist
            # The marker does show a run: with a good path, the same sweep leaves it behind.
            Invoke-MarkingSweep $marker | Export-ScalingChart -Path (Join-Path $TestDrive 'marked.svg') | Out-Null
            $marker | Should -Exist
        }

        It 'refuses an existing file without -Force before the command upstream runs' {
            $marker = Join-Path $TestDrive 'ran-exists'
            $path = Join-Path $TestDrive 'exists.svg'
            Set-Content $path 'keep me'
            { Invoke-MarkingSweep $marker | Export-ScalingChart -Path $path } | Should -Throw -ErrorId 'FileExists,*'
            $marker | Should -Not -Exist
            Get-Content $path | Should -Be 'keep me'
            try { $workerSweep | Export-ScalingChart -Path $path } catch { $caught = $_ }
            $caught.CategoryInfo.Category | Should -Be 'ResourceExists'
            $caught.TargetObject | Should -Be $path
        }

        It 'overwrites the file with -Force' {
            $path = Join-Path $TestDrive 'forced.svg'
            Set-Content $path 'old'
            $workerSweep | Export-ScalingChart -Path $path -Force | Should -BeOfType [System.IO.FileInfo]
            Get-Content -Raw $path | Should -Match '^<svg'
        }

        It 'writes nothing and returns nothing with -WhatIf' {
            $path = Join-Path $TestDrive 'whatif.html'
            $workerSweep | Export-ScalingChart -Path $path -WhatIf | Should -BeNullOrEmpty
            $path | Should -Not -Exist
        }

        It 'stops with NoScalingPoints and writes nothing when no point arrives' {
            $path = Join-Path $TestDrive 'empty.html'
            { @() | Export-ScalingChart -Path $path } | Should -Throw -ErrorId 'NoScalingPoints,*'
            $path | Should -Not -Exist
        }
    }
}
