BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    $script:results = Compare-Strategy -Workload Sleep -Size 20 -Tasks 4 -Workers 2 -Repeat 1 -Warmup 0

    . $PSScriptRoot/TestHelpers.ps1
    . $PSScriptRoot/PictureHelpers.ps1
    $script:chromium = Find-Chromium
}

Describe 'Export-Timeline' {
    Context 'to an .svg file' {
        BeforeAll {
            $script:file = $results | Export-Timeline -Path (Join-Path $TestDrive 'run.svg')
            $script:svg = [xml](Get-Content -Raw $file.FullName)
            $script:panels = Select-Class $svg.DocumentElement 'panel'
        }

        It 'returns the file as Get-Item does, so it displays in Get-Item''s view' {
            $file.PSParentPath | Should -Be (Get-Item -LiteralPath $file.FullName).PSParentPath
            ($file | Out-String -Width 120) | Should -Be (Get-Item $file.FullName | Out-String -Width 120)
            ($file | Out-String -Width 120) | Should -Match 'Directory: '
        }

        It 'returns the file it wrote' {
            $file | Should -BeOfType [System.IO.FileInfo]
            $file.FullName | Should -Be (Join-Path $TestDrive 'run.svg')
            $file.Length | Should -Be ([IO.File]::ReadAllBytes($file.FullName).Length) -Because 'the file is returned once written'
        }

        It 'draws one panel per strategy, Sequential first' {
            $panels.Count | Should -Be 3
            $panels.GetAttribute('data-strategy') | Should -Be @('Sequential', 'Threads', 'Processes')
        }

        It 'draws one bar per task in every panel' {
            foreach ($panel in $panels) {
                $tasks = Select-Class $panel 'task'
                $tasks.GetAttribute('data-task') | Should -Be @('1', '2', '3', '4')
                foreach ($task in $tasks) { (Select-Class $task 'compute').Count | Should -Be 1 }
                (Select-Class $panel 'span').Count | Should -Be 1
            }
        }

        It 'labels the time axis with ticks' {
            $ticks = Select-Class $svg.DocumentElement 'tick'
            $ticks.Count | Should -BeGreaterOrEqual 2
            $ticks[0].GetAttribute('data-seconds') | Should -Be '0'
        }

        It 'draws every panel on one shared seconds-per-pixel scale' {
            $spp = [double] $svg.DocumentElement.GetAttribute('data-seconds-per-px')
            $spp | Should -BeGreaterThan 0
            $panels.GetAttribute('data-seconds-per-px') | Sort-Object -Unique | Should -Be $svg.DocumentElement.GetAttribute('data-seconds-per-px')
            foreach ($task in Select-Class $svg.DocumentElement 'task') {
                $width = ($task.ChildNodes | Where-Object LocalName -EQ 'rect' | ForEach-Object { [double] $_.GetAttribute('width') } | Measure-Object -Sum).Sum
                $seconds = [double] $task.GetAttribute('data-end') - [double] $task.GetAttribute('data-start')
                $width * $spp | Should -BeGreaterOrEqual ($seconds - $spp)
                $width * $spp | Should -BeLessOrEqual ($seconds + $spp)
            }
        }

        It 'titles the picture with the workload, workers and tasks, or -Title' {
            $svg.DocumentElement.title | Should -Be 'Sleep — 2 workers, 4 tasks'
            $other = $results | Export-Timeline -Path (Join-Path $TestDrive 'titled.svg') -Title 'Mine & <yours>'
            ([xml](Get-Content -Raw $other.FullName)).DocumentElement.title | Should -Be 'Mine & <yours>'
        }
    }

    Context 'to an .html file' {
        BeforeAll {
            $page = Join-Path $TestDrive 'run.html'
            $results | Export-Timeline -Path $page | Out-Null
            $html = Get-Content -Raw $page
        }

        It 'embeds the same picture inline' {
            $inline = Get-InlineSvg $html
            (Select-Class $inline.DocumentElement 'panel').Count | Should -Be 3
            (Select-Class $inline.DocumentElement 'task' 'g').Count | Should -Be 12
        }

        It 'fetches nothing: no external scripts, styles or fonts' {
            $html | Should -Not -Match '\ssrc='
            $html | Should -Not -Match '<link'
            $html | Should -Not -Match '@import|url\(\s*["'']?(https?:)?//'
        }

        It 'draws the task records of one Invoke-Workload run' {
            $single = Invoke-Workload -Workload Sleep -Size 20 -Tasks 4 | Export-Timeline -Path (Join-Path $TestDrive 'one.html')
            $inline = Get-InlineSvg (Get-Content -Raw $single.FullName)
            (Select-Class $inline.DocumentElement 'panel').Count | Should -Be 1
            (Select-Class $inline.DocumentElement 'task' 'g').Count | Should -Be 4
        }
    }

    Context 'in a real browser' {
        BeforeAll {
            $page = Join-Path $TestDrive 'browser.html'
            $results | Export-Timeline -Path $page | Out-Null
            $html = Get-Content -Raw $page
            # Chromium logs page errors as 'INFO:CONSOLE:<line>] "Uncaught ...' (older builds: 'CONSOLE(<line>)').
            $consoleError = 'Uncaught|CONSOLE[(:]'
        }

        It 'renders the page to a non-empty PNG with no console errors' {
            if (-not $chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
            $png = Join-Path $TestDrive 'run.png'
            $run = Invoke-Chromium $page "--screenshot=$png"
            $run.ExitCode | Should -Be 0 -Because $run.Err
            $png | Should -Exist
            (Get-Item $png).Length | Should -BeGreaterThan 1000
            [byte[]] $head = [System.IO.File]::ReadAllBytes($png)[0..3]
            $head | Should -Be @(0x89, 0x50, 0x4E, 0x47)
            $run.Err -split "`n" | Where-Object { $_ -match $consoleError } | Should -BeNullOrEmpty
        }

        It 'runs the page''s scripts to the end without an error' {
            if (-not $chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
            $dom = (Invoke-Chromium $page '--dump-dom').Out
            $dom | Should -Match '<html[^>]*data-ready="1"'
            $dom | Should -Not -Match 'data-errors='
            $dom | Should -Match 'data-tip="Task 1'
        }

        It 'would notice a script error on the page' {
            if (-not $chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
            # Proves the check above can fail: the same page with one throwing script.
            $broken = Join-Path $TestDrive 'broken.html'
            Set-Content $broken ($html -replace '</body>', "<script>throw new Error('boom');</script></body>")
            (Invoke-Chromium $broken '--dump-dom').Out | Should -Match '<html[^>]*data-errors="1"'
            (Invoke-Chromium $broken "--screenshot=$(Join-Path $TestDrive 'broken.png')").Err | Should -Match $consoleError
        }
    }

    Context 'refusing' {
        It 'will not overwrite a file without -Force' {
            $path = Join-Path $TestDrive 'exists.svg'
            Set-Content $path 'keep me'
            { $results | Export-Timeline -Path $path } | Should -Throw -ErrorId 'FileExists,*'
            Get-Content $path | Should -Be 'keep me'
            try { $results | Export-Timeline -Path $path } catch { $caught = $_ }
            $caught.CategoryInfo.Category | Should -Be 'ResourceExists'
            $caught.TargetObject | Should -Be $path
        }

        It 'overwrites the file with -Force' {
            $path = Join-Path $TestDrive 'forced.svg'
            Set-Content $path 'old'
            $results | Export-Timeline -Path $path -Force | Should -BeOfType [System.IO.FileInfo]
            Get-Content -Raw $path | Should -Match '^<svg'
        }

        It 'refuses a .txt path and writes nothing' {
            $path = Join-Path $TestDrive 'run.txt'
            { $results | Export-Timeline -Path $path } | Should -Throw -ErrorId 'UnsupportedExtension,*'
            $path | Should -Not -Exist
        }

        It 'fails with NoTaskRecords when nothing it can draw arrives' {
            $path = Join-Path $TestDrive 'empty.html'
            { 'not a task' | Export-Timeline -Path $path -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'NoTaskRecords,*'
            $path | Should -Not -Exist
        }
    }
}

Describe 'Export-Timeline to a trace file' {
    BeforeAll {
        $results = Compare-Strategy -Workload Sleep -Size 20 -Tasks 4 -Workers 2 -Repeat 1 -Warmup 0 -WarningAction SilentlyContinue
        $path = Join-Path $TestDrive 'run.json'
        $file = $results | Export-Timeline -Path $path
        $trace = Get-Content -Raw $path | ConvertFrom-Json
        $complete = @($trace.traceEvents | Where-Object ph -eq 'X')
    }

    It 'writes the Chrome Trace Event Format: a traceEvents array of complete events in microseconds' {
        $file.Name | Should -Be 'run.json'
        # One compute event for every task of every strategy's run, whatever else each task did.
        $complete | Where-Object name -EQ compute | ForEach-Object { "$($_.cat) $($_.args.task)" } | Sort-Object |
            Should -Be ($results | ForEach-Object { $s = $_.Strategy; 1..4 | ForEach-Object { "$s $_" } } | Sort-Object)
        foreach ($e in $complete) {
            $e.name | Should -BeIn 'compute', 'transfer in', 'transfer out', 'queue wait'
            $e.ts | Should -BeGreaterOrEqual 0
            $e.dur | Should -BeGreaterOrEqual 0
        }
        # A 20 ms sleep lasts about 20,000 µs.
        ($complete | Where-Object name -eq compute | Measure-Object dur -Maximum).Maximum | Should -BeGreaterThan 15000
    }

    It 'gives each of the three runs a process and each worker thread a track of its own' {
        @($trace.traceEvents | Where-Object { $_.ph -eq 'M' -and $_.name -eq 'process_name' }).Count | Should -Be 3
        $threads = @($trace.traceEvents | Where-Object { $_.ph -eq 'M' -and $_.name -eq 'thread_name' -and $_.tid -lt 1000 })
        # Sequential one worker, Threads and Processes two each.
        $threads.Count | Should -Be 5
        foreach ($track in $complete | Group-Object pid, tid) {
            $spans = @($track.Group | Sort-Object ts)
            for ($i = 1; $i -lt $spans.Count; $i++) { $spans[$i].ts | Should -BeGreaterOrEqual ($spans[$i - 1].ts + $spans[$i - 1].dur) }
        }
    }
}

