BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    # Small sweeps warn (few repeats, a busy machine); every point still carries its warnings.
    $PSDefaultParameterValues = @{ 'Measure-Scaling:WarningAction' = 'SilentlyContinue' }
    $cores = [Environment]::ProcessorCount
    . $PSScriptRoot/TestHelpers.ps1
}

Describe 'Measure-Scaling' {
    BeforeAll {
        # Two sizes, each Sequential plus Threads and Processes at 1 and 2 workers: waiting tasks, so about two
        # seconds, most of it starting the worker processes. Four repeats give every point its intervals.
        $points = Measure-Scaling -Workload Sleep -Size 5, 10 -Tasks 2 -Workers 1, 2 -Repeat 4 -Warmup 0
        $parallel = @($points | Where-Object Strategy -NE 'Sequential')
    }

    It 'writes one typed point per strategy, worker count and size' {
        $points.Count | Should -Be 10
        $points | ForEach-Object { $_.GetType().FullName | Should -Be 'ParallelCmdlets.ScalingPoint' }
        $points | Group-Object Strategy, Workers, Size | Where-Object Count -GT 1 | Should -BeNullOrEmpty
        $points | ForEach-Object { $_.Workload | Should -Be 'Sleep'; $_.Tasks | Should -Be 2 }
    }

    It 'measures each size in turn: Sequential first, then the worker counts in rising order' {
        $order = $points | ForEach-Object { "$($_.Size) $($_.Strategy) $($_.Workers)" }
        $order | Should -Be @(
            '5 Sequential 1', '5 Threads 1', '5 Processes 1', '5 Threads 2', '5 Processes 2',
            '10 Sequential 1', '10 Threads 1', '10 Processes 1', '10 Threads 2', '10 Processes 2')
    }

    It 'makes Sequential the baseline of each size, with a speedup and efficiency of 1' {
        foreach ($baseline in $points | Where-Object Strategy -EQ 'Sequential') {
            $baseline.Workers | Should -Be 1
            $baseline.Speedup | Should -Be 1
            $baseline.Efficiency | Should -Be 1
        }
    }

    It 'reads Speedup against the Sequential run of the same size' {
        foreach ($point in $parallel) {
            $baseline = $points | Where-Object { $_.Strategy -eq 'Sequential' -and $_.Size -eq $point.Size }
            $point.Speedup | Should -Be $point.Result.Speedup
            # The median run of each, so the ratio of the two Elapsed values.
            $point.Speedup | Should -BeGreaterOrEqual ($baseline.Elapsed / $point.Elapsed * 0.999)
            $point.Speedup | Should -BeLessOrEqual ($baseline.Elapsed / $point.Elapsed * 1.001)
        }
    }

    It 'reports Efficiency as Speedup over min(workers, cores)' {
        foreach ($point in $parallel) {
            $point.Efficiency | Should -BeGreaterOrEqual ($point.Speedup / [math]::Min($point.Workers, $cores) - 1e-9)
            $point.Efficiency | Should -BeLessOrEqual ($point.Speedup / [math]::Min($point.Workers, $cores) + 1e-9)
        }
    }

    It 'brackets Speedup and Elapsed by their intervals' {
        foreach ($point in $points) {
            $point.SpeedupLow | Should -Not -BeNullOrEmpty
            $point.SpeedupLow | Should -BeLessOrEqual $point.Speedup
            $point.Speedup | Should -BeLessOrEqual $point.SpeedupHigh
            $point.ElapsedLow | Should -Not -BeNullOrEmpty
            $point.ElapsedLow | Should -BeLessOrEqual $point.Elapsed
            $point.Elapsed | Should -BeLessOrEqual $point.ElapsedHigh
        }
    }

    It 'keeps the comparison each point was read from' {
        foreach ($point in $points) {
            $point.Result | Should -BeOfType ([ParallelCmdlets.StrategyResult])
            $point.Result.Strategy | Should -Be $point.Strategy
            $point.Result.Workers | Should -Be $point.Workers
            $point.Result.Elapsed | Should -Be $point.Elapsed
            $point.Result.Repeat | Should -Be 4
            $point.Verdict | Should -Be $point.Result.Verdict
        }
    }

    It 'places a process worker with several threads at workers × threads per worker' {
        $p = Measure-Scaling -Workload Sleep -Size 5 -Tasks 2 -Workers 1 -Strategy Processes -ThreadsPerWorker 2 -Repeat 1 -Warmup 0
        $process = $p | Where-Object Strategy -EQ 'Processes'
        $process.ThreadsPerWorker | Should -Be 2
        ($p | Where-Object Strategy -EQ 'Sequential').ThreadsPerWorker | Should -Be 1
        # Two tasks can run at once: the efficiency divides by two (on a machine with two cores or more).
        $process.Efficiency | Should -BeGreaterOrEqual ($process.Speedup / [math]::Min(2, $cores) - 1e-9)
        $process.Efficiency | Should -BeLessOrEqual ($process.Speedup / [math]::Min(2, $cores) + 1e-9)
    }

    It 'shows one bar over the whole sweep, a bar per pool under it, and closes them all at the end' {
        # A host of our own, because Pester cannot capture the progress stream of a command it runs.
        # 3 pools (Sequential, Threads at 1 and 2 workers) at 2 sizes: the sweep's bar counts on from the first size
        # to the second, and each pool's bar, named with its workers, closes after its last run at each size.
        $hosted = Invoke-HostedScript 'Measure-Scaling -Workload Sleep -Size 20, 40 -Tasks 4 -Workers 1, 2 -Strategy Threads -Repeat 2 -Warmup 0 -Verbose -WarningAction SilentlyContinue'
        $output, $records, $verbose = $hosted.Output, $hosted.Progress, $hosted.Verbose

        $output.Count | Should -Be 6
        $sweep = @($records | Where-Object ParentActivityId -EQ -1)
        $sweep.Activity | Select-Object -Unique | Should -Be 'Measure-Scaling Sleep'
        $percents = @($sweep | Where-Object RecordType -EQ 'Processing' | ForEach-Object PercentComplete)
        $percents | Where-Object { $_ -gt 50 -and $_ -lt 100 } | Should -Not -BeNullOrEmpty -Because 'the second size counts on from the first'
        $percents[-1] | Should -Be 100
        $pools = @($records | Where-Object ParentActivityId -NE -1)
        @($pools.Activity | Select-Object -Unique | Sort-Object) | Should -Be @('Sequential ×1', 'Threads ×1', 'Threads ×2')
        @($pools | Where-Object RecordType -EQ 'Completed').Count | Should -Be 6
        $records[-1].RecordType | Should -Be 'Completed'
        $verbose | Where-Object { $_ -like 'Size 20:*' } | Should -Not -BeNullOrEmpty
        $verbose | Where-Object { $_ -like 'Size 40:*' } | Should -Not -BeNullOrEmpty
    }

    Context 'refusing bad input before anything runs' {
        It 'refuses a worker count of 0 with WorkersOutOfRange' {
            { Measure-Scaling -Workload Sleep -Size 5 -Tasks 2 -Workers 1, 0 -Strategy Threads } | Should -Throw -ErrorId 'WorkersOutOfRange,*'
            try { Measure-Scaling -Workload Sleep -Size 5 -Tasks 2 -Workers 1, 0 -Strategy Threads } catch { $caught = $_ }
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $caught.TargetObject | Should -Be 0
        }

        It 'refuses a size of 0 with SizeOutOfRange' {
            { Measure-Scaling -Workload Sleep -Size 5, 0 -Tasks 2 -Workers 1 -Strategy Threads } | Should -Throw -ErrorId 'SizeOutOfRange,*'
            try { Measure-Scaling -Workload Sleep -Size 5, 0 -Tasks 2 -Workers 1 -Strategy Threads } catch { $caught = $_ }
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $caught.TargetObject | Should -Be 0
        }
    }

    Context 'with a ScriptBlock' {
        It 'runs the ScriptBlock with its arguments at every worker count' {
            # Each task waits the milliseconds it is given: two 20 ms tasks take at least 40 ms one at a time.
            $p = Measure-Scaling -ScriptBlock { param($ms) Start-Sleep -Milliseconds $ms } -ArgumentList 20 -Tasks 2 -Workers 1, 2 -Strategy Threads -Repeat 1 -Warmup 0
            $p | ForEach-Object { "$($_.Strategy) $($_.Workers)" } | Should -Be 'Sequential 1', 'Threads 1', 'Threads 2'
            $p | ForEach-Object { $_.Workload | Should -Be 'ScriptBlock' }
            ($p | Where-Object Strategy -EQ 'Sequential').Elapsed | Should -BeGreaterOrEqual 0.039
            ($p | Where-Object Workers -EQ 2).Elapsed | Should -BeGreaterOrEqual 0.019
        }

        It 'gives each -Size to a ScriptBlock as $Size, so a sweep of your own code by size is possible' {
            # Each task waits $Size milliseconds: two tasks of 200 ms take at least 0.4 s, and the 5 ms points far less.
            $p = Measure-Scaling -ScriptBlock { Start-Sleep -Milliseconds $Size; $Size } -Size 5, 200 -Tasks 2 -Workers 1 -Strategy Threads -Repeat 1 -Warmup 0 3>$null
            $p.Count | Should -Be 4
            ($p | Where-Object Size -EQ 5).Count | Should -Be 2
            ($p | Where-Object Size -EQ 200).Count | Should -Be 2
            $long = ($p | Where-Object { $_.Size -eq 200 -and $_.Strategy -eq 'Sequential' }).Elapsed
            $long | Should -BeGreaterOrEqual 0.4
            ($p | Where-Object { $_.Size -eq 5 -and $_.Strategy -eq 'Sequential' }).Elapsed | Should -BeLessThan ($long / 2)
        }

        It 'writes the points of the sizes it measured when a later size breaks the budget' {
            # The refusal ends the command (a terminating error), so the points are gathered as they stream out.
            $p = [System.Collections.Generic.List[object]]::new()
            $failed = $null
            # 10 s a size: size 5's warm-up and rounds fit it on a busy machine (2 s did not, under a load of 4 on
            # two cores); a run of size 3000 takes 6 s, so six rounds cannot.
            try { Measure-Scaling -Workload Sleep -Size 5, 3000 -Tasks 2 -Workers 1 -Strategy Threads -MaxSeconds 20 3>$null | ForEach-Object { $p.Add($_) } }
            catch { $failed = $_ }
            ($p | Where-Object Size -EQ 5).Count | Should -Be 2 -Because 'size 5 was measured before size 3000 was refused'
            $failed.FullyQualifiedErrorId | Should -BeLike 'OverBudget,*'
            $failed.Exception.Message | Should -BeLike '*At size 3000*10 s of -MaxSeconds 20*'
        }
    }
}
