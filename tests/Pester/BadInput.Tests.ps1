BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
}

Describe 'Bad input is refused before anything starts' {
    It 'refuses <Case>' -ForEach @(
        @{ Case = 'zero workers'; Splat = @{ Workload = 'Loop'; Workers = 0 }; Id = 'WorkersOutOfRange'; Message = '*between 1 and 1024*' }
        @{ Case = 'too many workers'; Splat = @{ Workload = 'Loop'; Workers = 5000 }; Id = 'WorkersOutOfRange'; Message = '*between 1 and 1024*' }
        @{ Case = 'zero threads per worker'; Splat = @{ Workload = 'Loop'; Strategy = 'Processes'; ThreadsPerWorker = 0 }; Id = 'ThreadsPerWorkerOutOfRange'; Message = '*between 1 and 1024*' }
        @{ Case = 'threads per worker without processes'; Splat = @{ Workload = 'Loop'; Strategy = 'Threads'; ThreadsPerWorker = 2 }; Id = 'ThreadsPerWorkerNeedsProcesses'; Message = '*-Strategy Processes*' }
        @{ Case = 'zero tasks'; Splat = @{ Workload = 'Loop'; Tasks = 0 }; Id = 'TasksOutOfRange'; Message = '*at least 1*' }
        @{ Case = 'a size of zero'; Splat = @{ Workload = 'Loop'; Size = 0 }; Id = 'SizeOutOfRange'; Message = '*greater than 0*' }
        @{ Case = 'an unknown workload'; Splat = @{ Workload = 'Nope' }; Id = 'UnknownWorkload'; Message = '*Known workloads: Loop, LockedLoop*' }
        @{ Case = 'a Transfer too big for memory'; Splat = @{ Workload = 'Transfer'; Size = 2000000; Workers = 64; Strategy = 'Processes' }; Id = 'NotEnoughMemory'; Message = '*needs about*GB*' }
        @{ Case = 'a Transfer too big for one array'; Splat = @{ Workload = 'Transfer'; Size = 100000000 }; Id = 'SizeOutOfRange'; Message = '*at most*' }
        @{ Case = 'a timeout of zero'; Splat = @{ Workload = 'Loop'; TimeoutSeconds = 0 }; Id = 'TimeoutOutOfRange'; Message = '*greater than 0*' }
    ) {
        { Invoke-Workload @Splat -ErrorAction Stop } | Should -Throw -ErrorId "$Id,ParallelCmdlets.Commands.InvokeWorkloadCommand" -ExpectedMessage $Message
    }

    It 'refuses a ScriptBlock that does not parse' {
        { Invoke-Workload -ScriptBlock ([scriptblock]::Create('{ unclosed')) -ErrorAction Stop } | Should -Throw
    }

    It 'starts no process for refused input' {
        $before = @(Get-Process | Where-Object { $_.Parent.Id -eq $PID }).Count
        try { Invoke-Workload -Workload Loop -Workers 0 -Strategy Processes -ErrorAction Stop } catch { }
        @(Get-Process | Where-Object { $_.Parent.Id -eq $PID }).Count | Should -Be $before
    }
}
