# The article's findings as an experiment, written the way a user would write one: run Compare-Strategy,
# then assert only what should hold on any quiet machine with two or more cores, with wide margins.
# Timings on shared machines are noisy, so this file is tagged Experiment and left out of the default run:
#   dotnet pwsh ./build.ps1 Test -Tag Experiment
BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force

    # One core cannot show any of this: every strategy would share it.
    $script:oneCore = [Environment]::ProcessorCount -lt 2
    $script:skipReason = "this machine has $([Environment]::ProcessorCount) logical core; the findings need two or more"

    function script:Compare-Rows([string] $Workload, [hashtable] $Settings) {
        $rows = @{}
        Compare-Strategy -Workload $Workload -Repeat 3 @Settings | ForEach-Object { $rows[$_.Strategy.ToString()] = $_ }
        $rows
    }
}

Describe 'The article''s findings, reproduced in .NET and PowerShell' -Tag Experiment {
    It 'Transfer: threads share the array while processes copy it, so Threads beats Processes' {
        if ($oneCore) { Set-ItResult -Skipped -Because $skipReason }
        $rows = Compare-Rows Transfer @{ Workers = 2; Tasks = 8 }

        $rows.Threads.Elapsed * 1.5 | Should -BeLessThan $rows.Processes.Elapsed
        $rows.Processes.Verdict | Should -Match 'copying'
    }

    It 'LockedLoop: one lock shared by every thread makes Threads lose to Processes, as the GIL does' {
        if ($oneCore) { Set-ItResult -Skipped -Because $skipReason }
        $rows = Compare-Rows LockedLoop @{ Workers = 2; Tasks = 8 }

        $rows.Processes.Elapsed * 1.5 | Should -BeLessThan $rows.Threads.Elapsed
        $rows.Threads.Speedup | Should -BeLessThan 1.2 -Because 'the lock lets one thread work at a time'
    }

    It 'Loop: compiled .NET has no interpreter lock, so Threads scale like Processes' {
        if ($oneCore) { Set-ItResult -Skipped -Because $skipReason }
        $rows = Compare-Rows Loop @{ Workers = 2; Tasks = 8 }

        $rows.Threads.Speedup | Should -BeGreaterThan 1.3
        $rows.Threads.Elapsed | Should -BeLessThan ($rows.Processes.Elapsed * 1.3)
    }

    It 'ScriptLoop: PowerShell runspaces share no lock, so Threads gain too' {
        if ($oneCore) { Set-ItResult -Skipped -Because $skipReason }
        $rows = Compare-Rows ScriptLoop @{ Workers = 2; Tasks = 8 }

        $rows.Threads.Speedup | Should -BeGreaterThan 1.2
    }

    It 'Matrix: one call already keeps every core busy, so neither strategy gains much' {
        if ($oneCore) { Set-ItResult -Skipped -Because $skipReason }
        $rows = Compare-Rows Matrix @{ Workers = 2; Tasks = 4 }

        $rows.Sequential.CpuUtilization * [Environment]::ProcessorCount | Should -BeGreaterThan 1.5 -Because 'a single call uses more than one core'
        $rows.Threads.Speedup | Should -BeLessThan 1.5
        $rows.Processes.Speedup | Should -BeLessThan 1.5
    }

    It 'Sleep: waiting costs no CPU, so 4 workers beat the loop with either strategy' {
        if ($oneCore) { Set-ItResult -Skipped -Because $skipReason }
        $rows = Compare-Rows Sleep @{ Workers = 4; Tasks = 8; Size = 200 }

        $rows.Threads.Speedup | Should -BeGreaterThan 1.5
        $rows.Processes.Speedup | Should -BeGreaterThan 1.5
    }
}
