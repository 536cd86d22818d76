BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
}

Describe 'Get-Workload' {
    It 'lists every built-in workload as a typed WorkloadInfo' {
        $all = Get-Workload
        $all.Name | Should -Be @('Loop', 'LockedLoop', 'Csv', 'Matrix', 'Transfer', 'Sleep', 'ScriptLoop')
        $all | ForEach-Object { $_.GetType().FullName | Should -Be 'ParallelCmdlets.WorkloadInfo' }
    }

    It 'gives each workload its descriptive facts' {
        foreach ($w in Get-Workload) {
            $w.Description | Should -Not -BeNullOrEmpty
            $w.DefaultSize | Should -BeGreaterThan 0
            $w.SizeUnit | Should -Not -BeNullOrEmpty
            $w.Bound | Should -Not -BeNullOrEmpty
        }
    }

    It 'marks the four seed experiments' {
        (Get-Workload | Where-Object SeedExperiment | Sort-Object SeedExperiment).Name | Should -Be @('Loop', 'Csv', 'Matrix', 'Transfer')
    }

    It 'filters by name with wildcards' {
        (Get-Workload -Name '*Loop').Name | Should -Be @('Loop', 'LockedLoop', 'ScriptLoop')
        (Get-Workload transfer).Name | Should -Be 'Transfer'
    }

    It 'writes an error naming the known workloads for an unknown name' {
        { Get-Workload -Name Nope -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownWorkload,ParallelCmdlets.Commands.GetWorkloadCommand' -ExpectedMessage '*Known workloads: Loop*'
    }

    It 'tab-completes workload names' {
        $line = 'Get-Workload -Name Tra'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'Transfer'
    }
}
