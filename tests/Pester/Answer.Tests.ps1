BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    # Small runs warn (few repeats, a busy machine); these tests are about the answer and the rows, not the warnings.
    $PSDefaultParameterValues = @{ 'Compare-Strategy:WarningAction' = 'SilentlyContinue' }

    . $PSScriptRoot/TestHelpers.ps1
}

Describe 'The answer of Compare-Strategy' {
    BeforeAll {
        # Sleeping is the task's own work: four 200 ms tasks on four threads take a quarter of the plain loop's time,
        # whatever else the machine runs. The answer's record comes after the results, on the information stream.
        $script:sleeping = @(Compare-Strategy -ScriptBlock { Start-Sleep -Milliseconds 200 } -Strategy Threads -Tasks 4 -Workers 4 `
            -Repeat 4 -Warmup 1 -InformationVariable said -InformationAction Ignore)
        $script:said = $said
        # Eight empty tasks: a few milliseconds a run, which a busy machine can leave unsettled; what it decided is the module's own.
        $script:empty = @(Compare-Strategy -ScriptBlock { } -Strategy Threads -Tasks 8 -Workers 2 -Repeat 4 -Warmup 1 -InformationAction Ignore)
    }

    It 'follows the comparison''s own decision for { } with 8 tasks: the plain loop when Sequential wins or ties, nothing when it did not settle' {
        $answer = $empty | Get-Answer
        $answer | Should -BeOfType ([ParallelCmdlets.Answer])
        $sequential = $empty | Where-Object Strategy -eq Sequential
        $threads = $empty | Where-Object Strategy -eq Threads
        if (-not $sequential.Settled) {
            $answer.Kind | Should -Be 'NotSettled'
            $answer.Command | Should -BeNullOrEmpty
            ($answer | Out-String) | Should -Match 'No answer: the comparison did not settle'
        } elseif ($sequential.Fastest -or $sequential.Tie) {
            $answer.Kind | Should -Be 'PlainLoop'
            $answer.StrategyName | Should -Be 'Sequential'
            $answer.Command | Should -Be 'foreach ($item in $items) { & { } }'
        } elseif ($threads.Fastest) {
            $answer.StrategyName | Should -Be 'Threads'
        } else {
            $answer.Kind | Should -Be 'NoWinner'
        }
    }

    It 'names the plain loop (Sequential) for { } with 8 tasks, measured until the means are known' -Tag Experiment {
        # ForEach-Object -Parallel hands each task to a runspace: milliseconds against the plain loop's microseconds.
        $measured = Compare-Strategy -ScriptBlock { } -Strategy ForEachParallel -NoWrappedRows -Tasks 8 -Workers 2 -MaxSeconds 60 -InformationAction Ignore
        $answer = $measured | Get-Answer
        $answer.Kind | Should -Be 'PlainLoop'
        $answer.StrategyName | Should -Be 'Sequential'
        $answer.Command | Should -Be 'foreach ($item in $items) { & { } }'
        $answer.Summary | Should -BeLike 'The plain loop is*'
    }

    It 'names a parallel command with the block for a 200 ms task, with its speedup and interval' {
        $answer = $sleeping | Get-Answer
        $answer.Kind | Should -Be 'Parallel'
        $answer.StrategyName | Should -Be 'Threads'
        $answer.Command | Should -Be 'Invoke-Workload -ScriptBlock { Start-Sleep -Milliseconds 200 } -Strategy Threads -Workers 4 -Tasks 4 -PassThru'
        $threads = $sleeping | Where-Object Strategy -eq Threads
        $answer.Speedup | Should -Be $threads.Speedup
        $answer.SpeedupLow | Should -Be $threads.SpeedupLow
        $answer.Summary | Should -BeLike "Threads is fastest: $($threads.Speedup.ToString('0.00', [cultureinfo]::InvariantCulture))× (*) the plain loop's speed"
    }

    It 'passes the -ArgumentList the tasks got in the command it names, and the command does the same work' {
        $withArguments = @(Compare-Strategy -ScriptBlock { param($ms) Start-Sleep -Milliseconds $ms } -ArgumentList 200 -Strategy Threads `
                -Tasks 4 -Workers 4 -Repeat 4 -Warmup 1 -InformationAction Ignore)
        $withArguments.Arguments | Should -Be '200', '200'
        $answer = $withArguments | Get-Answer
        $answer.Command | Should -Be 'Invoke-Workload -ScriptBlock { param($ms) Start-Sleep -Milliseconds $ms } -ArgumentList 200 -Strategy Threads -Workers 4 -Tasks 4 -PassThru'
        # Typed as the answer says: four tasks, each sleeping the 200 ms the comparison's tasks slept.
        $records = @(Invoke-Expression $answer.Command | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] })
        $records | Should -HaveCount 4
        $records | ForEach-Object { $_.Duration | Should -BeGreaterOrEqual 0.19 }
        $path = Join-Path $TestDrive 'arguments.json'
        $withArguments | Export-Result -Path $path | Out-Null
        (Import-Result -Path $path).Arguments | Should -Be '200', '200'
    }

    It 'writes the answer to the information stream, typed, and only StrategyResults down the pipeline' {
        $sleeping | ForEach-Object { $_ | Should -BeOfType ([ParallelCmdlets.StrategyResult]) }
        @($said) | Should -HaveCount 1
        $said[0].Tags | Should -Contain 'ParallelCmdlets.Answer'
        $said[0].MessageData | Should -BeOfType ([ParallelCmdlets.Answer])
        $said[0].MessageData.Line | Should -Be ($sleeping | Get-Answer).Line
    }

    It 'survives Export-Result and Import-Result' {
        $path = Join-Path $TestDrive 'answer.json'
        $sleeping | Export-Result -Path $path | Out-Null
        $imported = Import-Result -Path $path
        ($imported | Get-Answer).Line | Should -Be ($sleeping | Get-Answer).Line
        (Get-Answer -InputObject $path).Command | Should -Be ($sleeping | Get-Answer).Command
        # The file holds it too, for readers that do not import it.
        (Get-Content -Raw $path | ConvertFrom-Json).Answers[0].Summary | Should -Be ($sleeping | Get-Answer).Summary
    }

    It 'shows in Export-Report and the markdown of the results' {
        $path = Join-Path $TestDrive 'answer.html'
        $sleeping | Export-Report -Path $path | Out-Null
        $answer = $sleeping | Get-Answer
        $html = Get-Content -Raw $path
        $html | Should -Match '<p class="answer"><b>Answer:</b> Threads is fastest'
        $html | Should -Match ([regex]::Escape('Start-Sleep -Milliseconds 200'))
        [ParallelCmdlets.Reports.ResultsMarkdown]::Render([ParallelCmdlets.StrategyResult[]] $sleeping) | Should -Match ([regex]::Escape("**Answer:** $($answer.Summary): ``$($answer.Command)``"))
    }

    It 'fits its view in <_> columns, every word shown' -ForEach 79, 80 {
        $answer = $sleeping | Get-Answer
        $text = $answer | Out-String -Width $_
        Assert-FitsWidth $text $_
        $text | Should -Match '^\s*Answer: Threads is fastest'
        Assert-WordsShown $text $answer.Command
    }

    It 'refuses input that holds no comparison' {
        { 'not a file.json' | Get-Answer -ErrorAction SilentlyContinue } | Should -Throw '*nothing to answer*'
    }
}

Describe 'The rows of a tool''s fixed form' {
    BeforeAll {
        # One quick run each: these tests are about which rows there are, not their figures.
        $script:tools = @(Compare-Strategy -ScriptBlock { param($n) $n } -ArgumentList 1 -Strategy PowerShell -Tasks 2 -Workers 2 -Repeat 1 -Warmup 0 -InformationAction Ignore)
    }

    It 'measures ForEachParallel, ThreadJob and RunspacePool also with a scope of their own, under -Strategy PowerShell' {
        ($tools.StrategyName -join ', ') | Should -Be 'Sequential, ForEachParallel, ForEachParallel (& { }), ThreadJob, ThreadJob (& { }), Job, RunspacePool, RunspacePool (local scope)'
        @($tools | Where-Object Wrapped).Strategy | Should -Be 'ForEachParallel', 'ThreadJob', 'RunspacePool'
        foreach ($row in $tools | Where-Object Wrapped) {
            $row.Runs[0].Records | ForEach-Object { $_.Status | Should -Be 'Completed' }
        }
    }

    It 'quotes both figures in the verdict of each tool as written' {
        foreach ($row in $tools | Where-Object { $_.Strategy -in 'ForEachParallel', 'ThreadJob', 'RunspacePool' -and -not $_.Wrapped }) {
            $form = if ($row.Strategy -eq 'RunspacePool') { 'with AddScript\(script, \$true\)' } else { 'wrapped in & \{ \}' }
            $row.Verdict | Should -Match "^as written [\d.]+×; $form [\d.]+×"
        }
    }

    It 'names the rows in the table at 80 columns, the form on a line of its own' {
        $text = $tools | Out-String -Width 80
        Assert-FitsWidth $text 80
        $text | Should -Match '(?m)^ForEachParallel\s+2 .*\r?\n(.*\r?\n)*?\(& \{ \}\)'
        $text | Should -Match '(?m)^\(local scope\)'
    }

    It 'leaves them out with -NoWrappedRows, and for a built-in workload, which has no block to wrap' {
        $plain = Compare-Strategy -ScriptBlock { 1 } -Strategy ForEachParallel, RunspacePool -Tasks 2 -Workers 2 -Repeat 1 -Warmup 0 -NoWrappedRows -InformationAction Ignore
        $plain.Strategy | Should -Be 'Sequential', 'ForEachParallel', 'RunspacePool'
        $plain.Wrapped | Should -Not -Contain $true
        $builtIn = Compare-Strategy -Workload Sleep -Size 1 -Strategy ForEachParallel -Tasks 2 -Workers 2 -Repeat 1 -Warmup 0 -InformationAction Ignore
        $builtIn.Strategy | Should -Be 'Sequential', 'ForEachParallel'
    }
}
