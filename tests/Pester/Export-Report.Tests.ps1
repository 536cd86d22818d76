BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . $PSScriptRoot/TestHelpers.ps1
    . $PSScriptRoot/PictureHelpers.ps1
    $script:chromium = Find-Chromium
    if ($chromium) { Add-PngReader }
    # Small, quick runs: the page is tested, not the machine.
    $script:comparison = Compare-Strategy -Workload Transfer -Size 200 -Tasks 8 -Workers 2 -Repeat 4 -WarningAction SilentlyContinue
    $script:sweep = Measure-Scaling -Workload Loop -Size 1000000 -Workers 1, 2 -Tasks 4 -Repeat 3 -Warmup 0 -WarningAction SilentlyContinue
    # Chromium logs page errors as 'INFO:CONSOLE:<line>] "Uncaught ...' (older builds: 'CONSOLE(<line>)').
    $script:consoleError = 'Uncaught|CONSOLE[(:]'
    $script:dotColor = [ParallelCmdlets.Reports.RunDotPlot]::DotColor
    # Tall enough for the whole page of one comparison: Chromium takes the last --window-size it is given.
    $script:tall = '--window-size=1200,1800'

    # Text as the page escapes it: only the characters markup needs.
    function ConvertTo-Markup([string] $Text) { $Text.Replace('&', '&amp;').Replace('<', '&lt;').Replace('>', '&gt;').Replace('"', '&quot;').Replace("'", '&#39;') }

    function Get-Svg([string] $Html, [string] $Class) {
        [regex]::Matches($Html, "(?s)<svg [^>]*class=""$Class"".*?</svg>") | ForEach-Object { [xml]$_.Value }
    }
}

Describe 'Export-Report' {
    Context 'a comparison' {
        BeforeAll {
            $script:page = Join-Path $TestDrive 'r.html'
            $script:file = $comparison | Export-Report -Path $page
            $script:html = Get-Content -Raw $page
        }

        It 'writes one page and returns it' {
            $file | Should -BeOfType [System.IO.FileInfo]
            $file.FullName | Should -Be $page
        }

        It 'names the environment' {
            $html | Should -Match ([regex]::Escape((ConvertTo-Markup $comparison[0].EnvironmentSummary)))
        }

        It 'has the table: a row per strategy, speedups with intervals, the tie or winner marked as in the console' {
            $rows = [regex]::Matches($html, '(?s)<tr class="([^"]*)"><td>([^<]*)</td>')
            $rows.Count | Should -Be 3
            @($rows | ForEach-Object { $_.Groups[2].Value }) | Should -Be 'Sequential', 'Threads', 'Processes'
            foreach ($result in $comparison) {
                $expected = if ($result.Fastest) { 'fastest' } elseif ($result.Tie) { 'tie' } else { '' }
                ($rows | Where-Object { $_.Groups[2].Value -eq "$($result.Strategy)" }).Groups[1].Value | Should -Be $expected
            }
            $processes = $comparison | Where-Object Strategy -EQ Processes
            $html | Should -Match ([regex]::Escape(('{0:0.00}×' -f $processes.Speedup) + (' ({0:0.00}–{1:0.00})' -f $processes.SpeedupLow, $processes.SpeedupHigh)))
            $html | Should -Match ([regex]::Escape((ConvertTo-Markup $processes.Verdict)))
        }

        It 'lists every warning' {
            foreach ($warning in $comparison.GetWarnings()) {
                $html | Should -Match ([regex]::Escape((ConvertTo-Markup $warning)))
            }
        }

        It 'draws every run as a dot, a row per strategy, the run nearest the mean ringed' {
            $plot = Get-Svg $html 'dot-plot'
            @($plot).Count | Should -Be 1
            $dots = Select-Class $plot.DocumentElement 'run-dot' 'circle'
            $dots.Count | Should -Be ($comparison | ForEach-Object { $_.Runs.Count } | Measure-Object -Sum).Sum
            (Select-Class $plot.DocumentElement 'strategy-row' 'g').Count | Should -Be 3
            (Select-Class $plot.DocumentElement 'shown-dot' 'circle').Count | Should -Be 3
            # Each dot sits at its run's time: the slowest run of all is the rightmost dot.
            $slowest = $dots | Sort-Object { [double]$_.GetAttribute('data-seconds') } | Select-Object -Last 1
            [double]$slowest.GetAttribute('cx') | Should -Be (($dots | ForEach-Object { [double]$_.GetAttribute('cx') } | Measure-Object -Maximum).Maximum)
            [double]$slowest.GetAttribute('data-seconds') | Should -Be (($comparison.Runs.Elapsed | Measure-Object -Maximum).Maximum)
        }

        It 'draws the timeline of the run each row stands for, with the module''s timeline renderer' {
            $timeline = Get-Svg $html 'timeline'
            @($timeline).Count | Should -Be 1
            $expected = [xml]([regex]::Match((Get-Content -Raw ($comparison | Export-Timeline -Path (Join-Path $TestDrive 't.svg'))), '(?s)<svg .*</svg>').Value)
            (Select-Class $timeline.DocumentElement 'task' 'g').Count | Should -Be 24
            (Select-Class $timeline.DocumentElement 'panel' 'g').Count | Should -Be (Select-Class $expected.DocumentElement 'panel' 'g').Count
        }

        It 'fetches nothing: no external scripts, styles or fonts' {
            $html | Should -Not -Match '\ssrc='
            $html | Should -Not -Match '<link'
            $html | Should -Not -Match '@import|url\(\s*["'']?(https?:)?//'
        }

        It 'renders in Chromium without console errors, and the pixels show the dot plot above the timeline' {
            if (-not $chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
            $png = Join-Path $TestDrive 'r.png'
            $run = Invoke-Chromium $page @("--screenshot=$png", $tall)
            $run.ExitCode | Should -Be 0 -Because $run.Err
            $run.Err -split "`n" | Where-Object { $_ -match $consoleError } | Should -BeNullOrEmpty
            $width = $height = 0
            $rgb = [PicturePng]::ReadRgb($png, [ref] $width, [ref] $height)
            $dotRows = [PicturePng]::Rows($rgb, $width, $dotColor, 20)
            $barRows = [PicturePng]::Rows($rgb, $width, '#4c78a8', 20)
            # A dot is 9 px across: one per run, so several rows of the dot colour; the bars of 24 tasks take many more.
            [PicturePng]::Count($rgb, $dotColor, 20) | Should -BeGreaterThan (20 * $comparison.Runs.Count)
            $dotRows.Count | Should -BeGreaterThan 20
            $barRows.Count | Should -BeGreaterThan 100
            ($barRows | Measure-Object -Maximum).Maximum | Should -BeGreaterThan ($dotRows | Measure-Object -Maximum).Maximum
        }

        It 'runs the page''s scripts to the end without an error, and the dots show their numbers on hover' {
            if (-not $chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
            $dom = (Invoke-Chromium $page '--dump-dom').Out
            $dom | Should -Match '<html[^>]*data-ready="1"'
            $dom | Should -Not -Match 'data-errors='
            $dom | Should -Match 'data-tip="Threads ×2: run 1 of 4'
        }
    }

    Context 'a sweep' {
        BeforeAll {
            $script:sweepPage = Join-Path $TestDrive 's.html'
            $sweep | Export-Report -Path $sweepPage | Out-Null
            $script:sweepHtml = Get-Content -Raw $sweepPage
        }

        It 'draws the scaling chart with the fitted laws, through the module''s chart renderer' {
            $chart = Get-Svg $sweepHtml 'scaling-chart'
            @($chart).Count | Should -Be 1
            (Select-Class $chart.DocumentElement 'point' 'g').Count | Should -Be @($sweep | Where-Object Strategy -NE 'Sequential').Count
            foreach ($model in ($sweep | Get-ScalingModel | Where-Object { $_ -is [ParallelCmdlets.ScalingModel] })) {
                $sweepHtml | Should -Match ([regex]::Escape((ConvertTo-Markup $model.Summary)))
            }
        }

        It 'has a table, a dot plot and a timeline for the comparison behind the points' {
            (Get-Svg $sweepHtml 'dot-plot' | Measure-Object).Count | Should -BeGreaterOrEqual 1
            (Get-Svg $sweepHtml 'timeline' | Measure-Object).Count | Should -BeGreaterOrEqual 1
            $sweepHtml | Should -Match '<table class="results">'
        }

        It 'renders in Chromium without console errors' {
            if (-not $chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
            $png = Join-Path $TestDrive 's.png'
            $run = Invoke-Chromium $sweepPage @("--screenshot=$png", $tall)
            $run.ExitCode | Should -Be 0 -Because $run.Err
            $run.Err -split "`n" | Where-Object { $_ -match $consoleError } | Should -BeNullOrEmpty
            $width = $height = 0
            $rgb = [PicturePng]::ReadRgb($png, [ref] $width, [ref] $height)
            # The chart's Processes series (orange) and the dots.
            [PicturePng]::Count($rgb, '#f58518', 24) | Should -BeGreaterThan 100
            [PicturePng]::Count($rgb, $dotColor, 20) | Should -BeGreaterThan 100
            $dom = (Invoke-Chromium $sweepPage '--dump-dom').Out
            $dom | Should -Match '<html[^>]*data-ready="1"'
            $dom | Should -Not -Match 'data-errors='
        }
    }

    Context 'from a saved file' {
        It 'reads files Export-Result wrote, as Import-Result would' {
            $json = Join-Path $TestDrive 'saved.json'
            $comparison | Export-Result -Path $json | Out-Null
            $fromFile = Join-Path $TestDrive 'from-file.html'
            $fromObjects = Join-Path $TestDrive 'from-objects.html'
            Get-Item $json | Export-Report -Path $fromFile | Out-Null
            Import-Result $json | Export-Report -Path $fromObjects | Out-Null
            Get-Content -Raw $fromFile | Should -BeExactly (Get-Content -Raw $fromObjects)
        }
    }

    Context 'refusing' {
        It 'refuses a path that is not .html before the command upstream runs' {
            { $comparison | Export-Report -Path (Join-Path $TestDrive 'r.svg') -ErrorAction Stop } | Should -Throw -ErrorId 'UnsupportedExtension,ParallelCmdlets.Commands.ExportReportCommand'
        }

        It 'refuses a pipeline without results, after saying what it skipped' {
            { 'text' | Export-Report -Path (Join-Path $TestDrive 'none.html') -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'NoResults,ParallelCmdlets.Commands.ExportReportCommand'
            $caught = $null
            try { 1 | Export-Report -Path (Join-Path $TestDrive 'none2.html') -ErrorVariable skipped -ErrorAction SilentlyContinue }
            catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeLike 'NoResults,*'
            $skipped | Where-Object { $_.FullyQualifiedErrorId -like 'NotResultInput*' } | Should -Not -BeNullOrEmpty
        }

        It 'refuses an existing file without -Force' {
            $path = Join-Path $TestDrive 'exists.html'
            Set-Content $path 'keep'
            { $comparison | Export-Report -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,ParallelCmdlets.Commands.ExportReportCommand'
            Get-Content $path | Should -Be 'keep'
        }
    }
}
