BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    $PSDefaultParameterValues = @{ 'Measure-Scaling:WarningAction' = 'SilentlyContinue' }

    # A point as Measure-Scaling writes it, for deterministic input: times are seconds, the interval ±Spread.
    function New-Point([string] $Strategy, [int] $Workers, [long] $Size, [double] $Elapsed, [double] $Speedup = 1, [double] $Spread = 0.05) {
        [ParallelCmdlets.ScalingPoint]@{
            Workload = 'Synthetic'; Strategy = $Strategy; Workers = $Workers; Size = $Size; Tasks = 8
            Elapsed = $Elapsed; ElapsedLow = $Elapsed * (1 - $Spread); ElapsedHigh = $Elapsed * (1 + $Spread)
            Speedup = $Speedup
        }
    }

    # A worker sweep whose speedups follow a law exactly.
    function New-Sweep([int[]] $Workers, [scriptblock] $Law) {
        New-Point Sequential 1 1 1.0
        foreach ($n in $Workers) { $s = & $Law $n; New-Point Threads $n 1 (1 / $s) $s }
    }

    # Transfer-like: Processes win at the small size, Threads from the middle one on. Sequential is slowest throughout.
    function New-SizeSweep([double] $Spread = 0.05) {
        foreach ($row in @(
                @(100, 1.0, 0.6, 0.4), @(1000, 10.0, 5.2, 6.0), @(10000, 100.0, 51.0, 80.0))) {
            $size, $sequential, $threads, $processes = $row
            New-Point Sequential 1 $size $sequential 1 $Spread
            New-Point Threads 2 $size $threads ($sequential / $threads) $Spread
            New-Point Processes 2 $size $processes ($sequential / $processes) $Spread
        }
    }
}

Describe 'Get-ScalingModel' {
    Context 'a measured worker sweep of waiting tasks' {
        BeforeAll {
            # Waiting scales with the workers whatever else the machine runs; four repeats steady the medians.
            $points = Measure-Scaling -Workload Sleep -Size 10 -Tasks 4 -Workers 1, 2, 4 -Repeat 4
            $output = @($points | Get-ScalingModel -Verbose 4>&1)
            $models = @($output | Where-Object { $_ -is [ParallelCmdlets.ScalingModel] })
            $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        }

        It 'writes one model per strategy, none for the Sequential baseline' {
            $models.Strategy | Should -Be 'Threads', 'Processes'
            foreach ($model in $models) {
                $model.Workload | Should -Be 'Sleep'
                $model.Size | Should -Be 10
                $model.Points | Should -Be 3
                $model.WorkerCounts | Should -Be 3
                $model.MaxWorkers | Should -Be 4
            }
            $output | Where-Object { $_ -is [ParallelCmdlets.BreakEven] } | Should -BeNullOrEmpty
        }

        It 'fits each law or says why it did not, in the model''s own summary' {
            foreach ($model in $models) {
                $model.Summary | Should -BeLike "$($model.Strategy): ?*"
                # A reason is given exactly when a law was left out, whichever this machine's sweep made it.
                [bool]$model.NotFitted | Should -Be (-not ($model.HasAmdahl -and $model.HasUsl)) -Because "$($model.Summary); not fitted: $($model.NotFitted)"
            }
        }

        # How linear the sweep came out is the machine's: a loaded one adds per-task cost (18 % serial was seen).
        It 'finds waiting tasks nearly linear' -Tag Experiment {
            foreach ($model in $models) {
                $model.HasAmdahl | Should -BeTrue
                $model.HasUsl | Should -BeTrue -Because $model.NotFitted
                $model.NotFitted | Should -BeNullOrEmpty
                # Measured about 0.5 %; 15 % would still cap four workers at 3.2×.
                $model.SerialFraction | Should -BeLessThan 0.15 -Because $model.Summary
                $model.PredictedSpeedup(4) | Should -BeGreaterThan 3 -Because $model.Summary
            }
        }

        It 'sums the models up in one verbose line' {
            $verbose.Count | Should -Be 1
            $verbose[0].Message | Should -Be ($models.Summary -join '; ')
            $verbose[0].Message | Should -Match '^Threads: .+; Processes: .+$'
        }
    }

    Context 'points that follow a law exactly' {
        It 'recovers the serial fraction of Amdahl''s law' {
            $model = New-Sweep 1, 2, 4, 8 { param($n) 1 / (0.1 + 0.9 / $n) } | Get-ScalingModel
            $model.SerialFraction | Should -BeGreaterThan 0.099
            $model.SerialFraction | Should -BeLessThan 0.101
            $model.AmdahlRSquared | Should -BeGreaterThan 0.999
            $model.NearLinear | Should -BeFalse
            $model.Summary | Should -Be 'Threads: 10 % serial, levels off near 10×'
        }

        It 'recovers contention, coherency and the peak of the Universal Scalability Law' {
            $model = New-Sweep 1, 2, 4, 8, 16 { param($n) $n / (1 + 0.05 * ($n - 1) + 0.02 * $n * ($n - 1)) } | Get-ScalingModel
            $model.Sigma | Should -BeGreaterThan 0.049
            $model.Sigma | Should -BeLessThan 0.051
            $model.Kappa | Should -BeGreaterThan 0.0199
            $model.Kappa | Should -BeLessThan 0.0201
            $model.UslRSquared | Should -BeGreaterThan 0.999
            # N* = sqrt((1 − σ)/κ) = 6.9
            $model.PeakWorkers | Should -BeGreaterThan 6.8
            $model.PeakWorkers | Should -BeLessThan 7.0
            $model.Description | Should -Match 'peak near 7 workers'
        }

        It 'says why a law needs more worker counts than it got' {
            $model = New-Sweep 1, 2 { param($n) $n } | Get-ScalingModel
            $model.HasAmdahl | Should -BeTrue
            $model.HasUsl | Should -BeFalse
            $model.NotFitted | Should -Match 'USL needs 3 distinct worker counts, got 2'
        }
    }

    Context 'a size sweep where the winner changes' {
        BeforeAll {
            $output = @(New-SizeSweep | Get-ScalingModel)
            $breakEvens = @($output | Where-Object { $_ -is [ParallelCmdlets.BreakEven] })
        }

        It 'writes the models, then one BreakEven for the pair whose winner changes' {
            $output.Count | Should -Be 7
            $output[0..5] | ForEach-Object { $_ | Should -BeOfType ([ParallelCmdlets.ScalingModel]) }
            $output[0..5] | ForEach-Object { "$($_.Strategy) $($_.Size)" } | Should -Be @(
                'Threads 100', 'Threads 1000', 'Threads 10000', 'Processes 100', 'Processes 1000', 'Processes 10000')
            # One worker count per size: nothing to fit, and each model says so.
            $output[0..5] | ForEach-Object { $_.HasAmdahl | Should -BeFalse; $_.NotFitted | Should -Match 'Amdahl needs 2' }
            $breakEvens.Count | Should -Be 1
            $output[-1] | Should -Be $breakEvens[0]
        }

        It 'names the strategies, the winner on either side and the measured sizes around the change' {
            $b = $breakEvens[0]
            $b.Workload | Should -Be 'Synthetic'
            $b.StrategyA, $b.StrategyB | Should -Be 'Threads', 'Processes'
            $b.WinnerBelow | Should -Be 'Processes'
            $b.WinnerAbove | Should -Be 'Threads'
            $b.SizeBelow | Should -Be 100
            $b.SizeAbove | Should -Be 1000
            $b.Points | ForEach-Object { "$($_.Strategy) $($_.Size)" } | Should -Be 'Threads 100', 'Processes 100', 'Threads 1000', 'Processes 1000'
        }

        It 'interpolates the size where both take equally long, in log-log' {
            # ln(Threads/Processes) runs from ln(0.6/0.4) at 100 to ln(5.2/6) at 1000; it is 0 at 100 × 10^t.
            $t = [math]::Log(0.6 / 0.4) / ([math]::Log(0.6 / 0.4) - [math]::Log(5.2 / 6))
            $expected = 100 * [math]::Pow(10, $t)
            $breakEvens[0].Size | Should -BeGreaterThan ($expected * 0.999)
            $breakEvens[0].Size | Should -BeLessThan ($expected * 1.001)
            $breakEvens[0].Summary | Should -Be 'Processes faster below size ≈ 548 (measured 100 and 1000), Threads faster above'
        }

        It 'calls the change significant only when the intervals keep apart' {
            $breakEvens[0].Significant | Should -BeTrue
            # ±25 %: at size 1000, Threads 3.9–6.5 s and Processes 4.5–7.5 s overlap.
            $noisy = New-SizeSweep -Spread 0.25 | Get-ScalingModel | Where-Object { $_ -is [ParallelCmdlets.BreakEven] }
            $noisy.Significant | Should -BeFalse
            $noisy.Summary | Should -Match '; within noise$'
        }

        It 'writes no BreakEven when one strategy wins at every size' {
            $steady = New-SizeSweep | Where-Object Strategy -NE 'Processes' | Get-ScalingModel
            $steady | Where-Object { $_ -is [ParallelCmdlets.BreakEven] } | Should -BeNullOrEmpty
        }

        It 'shows the break-even in its default table, with each strategy''s time around it' {
            $text = $breakEvens | Format-Table | Out-String -Width 120
            $text | Should -Match '≈ 548\s+100–1,000 Processes\s+Threads\s+yes'
            $text | Should -Match 'Threads 600\.0 ms → 5\.20 s'
            $text | Should -Match 'Processes 400\.0 ms → 6\.00 s'
        }
    }

    Context 'with nothing to fit' {
        It 'stops with NoScalingPoints when no point arrives' {
            { @() | Get-ScalingModel } | Should -Throw -ErrorId 'NoScalingPoints,*'
            try { @() | Get-ScalingModel } catch { $caught = $_ }
            $caught.CategoryInfo.Category | Should -Be 'InvalidData'
        }

        It 'refuses objects that are not points, and then has nothing to fit' {
            { 'not a point' | Get-ScalingModel -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'NoScalingPoints,*'
        }
    }
}
