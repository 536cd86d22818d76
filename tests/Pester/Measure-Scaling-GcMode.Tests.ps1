BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    # A small sweep warns (few repeats, collectors differing from the baseline's); every point keeps its warnings.
    $PSDefaultParameterValues = @{ 'Measure-Scaling:WarningAction' = 'SilentlyContinue' }
}

Describe 'Measure-Scaling -GcMode: worker processes under several collectors, side by side' {
    BeforeAll {
        # Two threads inside one worker process, once under each collector: the way to see threads under server GC.
        # Four small Csv tasks and four repeats: a few seconds, most of it starting the two worker processes.
        $points = Measure-Scaling -Workload Csv -Size 20000 -Tasks 4 -Workers 1 -Strategy Processes -ThreadsPerWorker 2 -GcMode Workstation, Server -Repeat 4
        $processes = @($points | Where-Object Strategy -EQ 'Processes')
    }

    It 'writes one Processes point per collector, each with the GC its worker reported' {
        $processes.Count | Should -Be 2
        $processes.GcMode | Should -Be @('workstation, non-concurrent', 'server, non-concurrent')
        $processes | ForEach-Object { $_.GcMode | Should -Be $_.Result.GcMode }
        $processes | ForEach-Object { $_.Workers | Should -Be 1; $_.ThreadsPerWorker | Should -Be 2 }
    }

    It 'measures Sequential once, under this process''s collector' {
        $sequential = @($points | Where-Object Strategy -EQ 'Sequential')
        $sequential.Count | Should -Be 1
        # In-process runs use this pwsh's collector, made non-concurrent for the run.
        $sequential[0].GcMode | Should -BeLike "$([Runtime.GCSettings]::IsServerGC ? 'server' : 'workstation'), non-concurrent*"
    }

    It 'keeps the collectors apart when the laws are fitted, naming each in the summary' {
        $models = @($points | Get-ScalingModel | Where-Object { $_ -is [ParallelCmdlets.ScalingModel] })
        $models.Count | Should -Be 2
        $models.GcMode | Should -Be @('workstation, non-concurrent', 'server, non-concurrent')
        $models | ForEach-Object { $_.Points | Should -Be 1 }
        $models[0].Summary | Should -BeLike 'Processes (workstation, non-concurrent): *'
        $models[1].Summary | Should -BeLike 'Processes (server, non-concurrent): *'
    }

    It 'refuses -GcMode without worker processes among the strategies' {
        { Measure-Scaling -Workload Loop -Workers 1 -Strategy Threads -GcMode Server -ErrorAction Stop } |
            Should -Throw -ErrorId 'GcModeNeedsProcesses,ParallelCmdlets.Commands.MeasureScalingCommand'
    }
}
