# What a new user met in their first hour at the prompt (issue 27), each as the user typed it: these failed
# before the fixes and hold the module to them.
BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
}

Describe 'A ScriptBlock as users write it for ForEach-Object -Parallel' {
    It 'reads $using:limit as the caller''s value under <_>' -ForEach 'Sequential', 'Threads', 'Processes', 'ForEachParallel', 'ThreadJob', 'Job', 'RunspacePool' {
        $limit = 1000
        $written = Invoke-Workload -ScriptBlock { $s = 0; foreach ($i in 1..$using:limit) { $s += $i }; $s } -Strategy $_ -Tasks 2 -Workers 2 -PassThru
        @($written | Where-Object { $_ -is [ParallelCmdlets.TaskRecord] }).Status | Should -Be Completed, Completed
        @($written | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] }) | Should -Be 500500, 500500 -Because 'every task summed 1..1000'
    }

    It 'captures $using: values when the command starts and serialises them into worker processes' {
        $table = @{ Name = 'caller' }
        $written = Invoke-Workload -ScriptBlock { "$($using:table.Name) $($using:table -is [hashtable])" } -Strategy Processes -Tasks 1 -PassThru
        @($written | Where-Object { $_ -isnot [ParallelCmdlets.TaskRecord] }) | Should -Be 'caller True'
    }

    It 'stops a block that reads a variable of the prompt before anything is timed, naming $using: as the fix' {
        $limit = 1000
        $records = @()
        { $script:records = @(Compare-Strategy -ScriptBlock { $s = 0; foreach ($i in 1..$limit) { $s += $i }; $s } -Strategy Sequential, Threads -Tasks 4 -ErrorAction Stop) } |
            Should -Throw -ErrorId 'ScriptBlockReadsCallerVariable,*' -ExpectedMessage '*$using:limit*'
        $script:records | Should -BeNullOrEmpty
    }

    It 'runs such a block with -AllowCallerVariables, warning instead' {
        $limit = 1000
        $records = Invoke-Workload -ScriptBlock { $limit } -AllowCallerVariables -Strategy Sequential -Tasks 1 -WarningVariable warnings -WarningAction SilentlyContinue
        $records.Status | Should -Be Completed
        "$warnings" | Should -BeLike '*$limit*'
    }
}
