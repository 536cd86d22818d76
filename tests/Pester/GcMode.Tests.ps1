BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
}

Describe 'Worker processes under a chosen garbage collector (-GcMode)' {
    It 'runs process workers under a workstation, non-concurrent GC by default, as the worker reports' {
        $r = Measure-Strategy -Workload Loop -Size 1000 -Tasks 2 -Strategy Processes -Workers 1 -Repeat 1 -Warmup 0 3>$null
        $r.GcMode | Should -Be 'workstation, non-concurrent'
        $r.Environment.WorkerGcMode | Should -Be 'workstation, non-concurrent'
    }

    It 'runs them under <Mode> when asked: <Expected>' -ForEach @(
        @{ Mode = 'Server'; Expected = 'server, non-concurrent' }
        @{ Mode = 'ServerConcurrent'; Expected = 'server, concurrent' }
        @{ Mode = 'WorkstationConcurrent'; Expected = 'workstation, concurrent' }
    ) {
        $r = Measure-Strategy -Workload Loop -Size 1000 -Tasks 2 -Strategy Processes -Workers 1 -Repeat 1 -Warmup 0 -GcMode $Mode 3>$null
        $r.GcMode | Should -Be $Expected
    }

    It 'sets the collector of pwsh-hosted workers too' {
        $r = Measure-Strategy -ScriptBlock { 1 } -Tasks 1 -Strategy Processes -Workers 1 -Repeat 1 -Warmup 0 -GcMode Server 3>$null
        $r.GcMode | Should -Be 'server, non-concurrent'
    }

    It 'says when a strategy ran under another GC than the baseline' {
        $rows = Compare-Strategy -Workload Loop -Size 1000 -Tasks 2 -Strategy Processes -Workers 1 -Repeat 1 -Warmup 0 -GcMode Server 3>$null
        ($rows | Where-Object Strategy -EQ Processes).Warnings | Should -BeLike '*GC differs from the baseline''s: server, non-concurrent here, workstation, non-concurrent for Sequential*'
    }

    It 'refuses -GcMode without worker processes, saying how to measure threads under another GC' {
        { Invoke-Workload -Workload Loop -Strategy Threads -GcMode Server -ErrorAction Stop } |
            Should -Throw -ErrorId 'GcModeNeedsProcesses,ParallelCmdlets.Commands.InvokeWorkloadCommand' -ExpectedMessage '*-Strategy Processes -Workers 1 -ThreadsPerWorker N*'
    }
}
