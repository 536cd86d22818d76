BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    $resultProperties = 'Workload', 'Strategy', 'Workers', 'ThreadsPerWorker', 'Tasks', 'Repeat', 'Elapsed', 'ElapsedMin', 'ElapsedMax',
        'ElapsedStdDev', 'TaskMean', 'TaskMax', 'TransferSeconds', 'BytesMoved', 'StartupSeconds', 'CpuUtilization',
        'GcPauseSeconds', 'GcPauseShare'
}

Describe 'Measure-Strategy' {
    BeforeAll {
        $result = Measure-Strategy -Workload Sleep -Size 30 -Tasks 4 -Workers 2 -Strategy Threads -Repeat 3 -Warmup 1
    }

    It 'returns one typed StrategyResult with every contracted property' {
        $result | Should -HaveCount 1
        $result.GetType().FullName | Should -Be 'ParallelCmdlets.StrategyResult'
        foreach ($p in $resultProperties) { $result.PSObject.Properties.Name | Should -Contain $p }
    }

    It 'reports the median of its repeats between the fastest and slowest' {
        $result.Repeat | Should -Be 3
        $result.Elapsed | Should -BeGreaterOrEqual $result.ElapsedMin
        $result.Elapsed | Should -BeLessOrEqual $result.ElapsedMax
        $result.Elapsed | Should -BeOfType [double]
    }

    It 'keeps the median run''s task records reachable but out of its columns' {
        $result.GetTaskRecords() | Should -HaveCount 4
        $result.PSObject.Properties.Name | Should -Not -Contain 'TaskRecords'
    }

    It 'exports to CSV with scalar columns only' {
        $path = Join-Path $TestDrive 'measure.csv'
        $result | Export-Csv -Path $path
        $row = Import-Csv $path
        $row.Strategy | Should -Be 'Threads'
        (Get-Content -Raw $path) | Should -Not -Match 'System\.(Object|Collections)'
    }

    It 'reports CPU use as a share of all cores' {
        $result.CpuUtilization | Should -BeGreaterOrEqual 0
        $result.CpuUtilization | Should -BeLessOrEqual 1
    }

    It 'reports the pauses garbage collection made in a ScriptBlock''s worker processes' {
        $p = Measure-Strategy -ScriptBlock { [GC]::Collect(2, 'Forced', $true) } -Strategy Processes -Tasks 4 -Workers 2 -Repeat 1 -Warmup 0
        $p.GcPauseSeconds | Should -BeGreaterThan 0
        $p.GcPauseShare | Should -BeGreaterThan 0
        $p.GcPauseShare | Should -BeLessOrEqual 1
    }

    It 'measures a pool start-up for processes' {
        $p = Measure-Strategy -Workload Loop -Size 1000 -Tasks 2 -Workers 1 -Strategy Processes -Repeat 1 -Warmup 0
        $p.StartupSeconds | Should -BeGreaterThan 0
    }

    It 'refuses a Repeat below 1' {
        { Measure-Strategy -Workload Sleep -Repeat 0 -ErrorAction Stop } | Should -Throw -ErrorId 'RepeatOutOfRange,*'
    }
}
