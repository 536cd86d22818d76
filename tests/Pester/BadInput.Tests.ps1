BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . $PSScriptRoot/TestHelpers.ps1
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

    It 'refuses text that does not parse when binding -ScriptBlock, before anything starts' {
        # A [scriptblock] is parsed when it is made, so unparsable code reaches Invoke-Workload only as text:
        # its own parameter binding refuses it, naming the command, and nothing starts.
        $before = Get-ChildProcessCount
        { Invoke-Workload -ScriptBlock '{ unclosed' -Strategy Processes -ErrorAction Stop } |
            Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,ParallelCmdlets.Commands.InvokeWorkloadCommand' -ExpectedMessage "*parameter 'ScriptBlock'*"
        Get-ChildProcessCount | Should -Be $before
    }

    It 'fails every task with the parse error when the ScriptBlock does not parse in the worker' {
        # Parses here, where the base class exists; a worker process has never seen the type, so parsing it
        # there fails: each task is Failed with the parser's message, and a TaskFailed error says so.
        Add-Type -TypeDefinition 'public class ParallelCmdletsCallerOnlyBase { public int N = 42; }'
        $script = [scriptblock]::Create('class Derived : ParallelCmdletsCallerOnlyBase { }; [Derived]::new().N')
        $records = Invoke-Workload -ScriptBlock $script -Strategy Processes -Workers 1 -Tasks 2 -ErrorVariable errs -ErrorAction SilentlyContinue

        $records | Should -HaveCount 2
        $records.Status | Should -Be 'Failed', 'Failed'
        foreach ($r in $records) { $r.Error | Should -BeLike '*Unable to find type `[ParallelCmdletsCallerOnlyBase`]*' }
        $errs | Should -HaveCount 2
        foreach ($e in $errs) {
            $e.FullyQualifiedErrorId | Should -Be 'TaskFailed,ParallelCmdlets.Commands.InvokeWorkloadCommand'
            $e.Exception.Message | Should -BeLike 'Task ? (Processes, worker 1) failed: *Unable to find type `[ParallelCmdletsCallerOnlyBase`]*'
        }
    }

    It 'refuses a timeout above the longest the runtime can wait, saying what the maximum is' {
        $cap = [ParallelCmdlets.Commands.WorkloadCommandBase]::MaxTimeoutSeconds
        { Invoke-Workload -Workload Loop -TimeoutSeconds ($cap + 1) -ErrorAction Stop } |
            Should -Throw -ErrorId 'TimeoutOutOfRange,ParallelCmdlets.Commands.InvokeWorkloadCommand' -ExpectedMessage "*at most $($cap.ToString('N0'))*"
    }

    It 'accepts a timeout exactly at the cap under <_>' -ForEach 'Threads', 'Processes' {
        $cap = [ParallelCmdlets.Commands.WorkloadCommandBase]::MaxTimeoutSeconds
        $record = Invoke-Workload -Workload Loop -Size 10 -Tasks 1 -Workers 1 -Strategy $_ -TimeoutSeconds $cap -ErrorAction Stop
        $record.Status | Should -Be 'Completed'
    }

    It 'starts no process for refused input' {
        $before = Get-ChildProcessCount
        try { Invoke-Workload -Workload Loop -Workers 0 -Strategy Processes -ErrorAction Stop } catch { }
        Get-ChildProcessCount | Should -Be $before
    }
}

Describe 'Mistakes at the prompt are named with what to do' {
    It 'says to pipe several workload names instead of failing to convert them' {
        { Compare-Strategy -Workload Loop, Sleep -ErrorAction Stop } | Should -Throw -ExpectedMessage "*-Workload takes one name*'Loop', 'Sleep' | Compare-Strategy*"
    }

    It 'refuses a fractional -Size as typed, not as the 0 it would round to' {
        { Invoke-Workload -Workload Loop -Size 0.5 -ErrorAction Stop } | Should -Throw -ExpectedMessage '*-Size takes a whole number*0.5 is not one*'
        { Measure-Scaling -Workload Loop -Size 1000, 2.5 -ErrorAction Stop } | Should -Throw -ExpectedMessage '*2.5 is not one*'
    }

    It 'suggests a Transfer size that the memory check then accepts' {
        $message = try { Invoke-Workload -Workload Transfer -Size 100000000 -ErrorAction Stop } catch { $_.Exception.Message }
        $message | Should -Match 'Use -Size (\d+) or less'
        $suggested = [long]([regex]::Match($message, 'Use -Size (\d+) or less').Groups[1].Value)
        # Invoke-Workload's defaults: Threads, one worker per core.
        $transfer = Get-Workload -Name Transfer
        $need = [ParallelCmdlets.Measurement.MemoryEstimate]::Project($transfer, $suggested, 'Threads', [Environment]::ProcessorCount, 1)
        $need | Should -BeLessOrEqual ([ParallelCmdlets.Measurement.MemoryEstimate]::TotalMemoryBytes)
        $suggested | Should -BeLessOrEqual $transfer.MaxSize
        $transfer.MaxSize * [ParallelCmdlets.Workloads.TransferWorkload]::Columns | Should -BeLessOrEqual ([array]::MaxLength)
    }

    It 'refuses a -Size beyond what the workload can make, naming its largest' {
        $transfer = Get-Workload -Name Transfer
        { Invoke-Workload -Workload Transfer -Size ($transfer.MaxSize + 1) -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*beyond the largest Transfer can make, $('{0:N0}' -f $transfer.MaxSize)*" 
    }
}
