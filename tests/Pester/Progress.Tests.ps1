BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . $PSScriptRoot/TestHelpers.ps1

    # Runs a command in a hosted runspace and returns what it wrote to the progress stream, in order.
    function Get-ProgressRecord([string] $Command) {
        $hosted = Invoke-HostedScript "$Command | Out-Null"
        $hosted.Error | ForEach-Object { throw $_ }
        $hosted.Progress
    }

    # The activities in the order they were completed; fails the test when one is closed that was not open, or
    # one is left open (a record written after its bar closed opens it again, so it is caught here too).
    function Get-CompletionOrder([System.Management.Automation.ProgressRecord[]] $Records) {
        $open = [System.Collections.Generic.HashSet[int]]::new()
        $closed = [System.Collections.Generic.List[int]]::new()
        foreach ($record in $Records) {
            if ($record.RecordType -eq 'Completed') {
                $open.Remove($record.ActivityId) | Should -BeTrue -Because "$($record.Activity) is closed once, after it opened"
                $closed.Add($record.ActivityId)
            }
            else { $null = $open.Add($record.ActivityId) }
        }
        $open | Should -BeNullOrEmpty -Because 'no bar is left open'
        , $closed
    }
}

Describe 'Progress of a comparison' {
    BeforeAll {
        $script:records = Get-ProgressRecord 'Compare-Strategy -Workload Sleep -Size 100 -Tasks 4 -Workers 1 -Repeat 2 -Warmup 1'
        $script:command = $records | Where-Object ParentActivityId -eq -1
        $script:strategies = $records | Where-Object ParentActivityId -ne -1
    }

    It 'completes every activity it opened, each strategy before the command, and leaves none open' {
        $opened = @($records.ActivityId | Select-Object -Unique)
        $order = Get-CompletionOrder $records
        $order.Count | Should -Be 4
        $order | Sort-Object | Should -Be ($opened | Sort-Object)
        $order[-1] | Should -Be ($command | Select-Object -First 1).ActivityId
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'has one bar under the command for each strategy, named after it' {
        @($strategies.Activity | Select-Object -Unique) | Sort-Object | Should -Be @('Processes', 'Sequential', 'Threads')
        $strategies.ParentActivityId | Select-Object -Unique | Should -Be ($command | Select-Object -First 1).ActivityId
    }

    It 'closes each bar with a record that names its own activity' {
        foreach ($completed in $records | Where-Object RecordType -eq 'Completed') {
            $opening = $records | Where-Object { $_.ActivityId -eq $completed.ActivityId -and $_.RecordType -eq 'Processing' } | Select-Object -First 1
            $completed.Activity | Should -Be $opening.Activity
        }
    }

    It 'shows each strategy''s last tasks before its bar closes, not cut by the rate limit' {
        foreach ($group in $strategies | Group-Object ActivityId) {
            $last = @($group.Group | Where-Object RecordType -eq 'Processing')[-1]
            $last.StatusDescription | Should -Be 'repeat 2 of 2: 4 of 4 tasks'
            $last.PercentComplete | Should -Be 100
        }
        @($command | Where-Object RecordType -eq 'Processing')[-1].PercentComplete | Should -Be 100
    }

    It 'shows the pool start-up and the warm-ups before the first timed run' {
        $beforeTimed = $records | ForEach-Object { $_ } | Select-Object -First ([array]::FindIndex([object[]] $records, [Predicate[object]] { $args[0].StatusDescription -like '*repeat 1 of 2*' }))
        $beforeTimed.StatusDescription -like 'Processes: starting *' | Should -Not -BeNullOrEmpty
        $beforeTimed.StatusDescription | Should -Contain 'warm-up 1 of 1: 4 of 4 tasks'
    }
}

Describe 'Progress of a pipeline of workloads' {
    It 'closes each workload''s bars before the next workload''s open' {
        $records = Get-ProgressRecord "'Sleep', 'Sleep' | Compare-Strategy -Size 20 -Tasks 2 -Workers 1 -Repeat 1 -Warmup 0"
        $order = Get-CompletionOrder $records
        # Two workloads of three strategies and the command's own bar each: eight activities closed, four per workload.
        $order.Count | Should -Be 8
        $firstClose = [array]::FindIndex([object[]] $records, [Predicate[object]] { $args[0].RecordType -eq 'Completed' -and $args[0].ParentActivityId -eq -1 })
        @($records[0..$firstClose] | Where-Object RecordType -eq 'Completed').Count | Should -Be 4
    }
}

Describe 'Progress of one run' {
    It 'counts Invoke-Workload''s tasks to the last and closes its bars' {
        $records = Get-ProgressRecord 'Invoke-Workload -Workload Sleep -Size 20 -Tasks 3 -Workers 1'
        $order = Get-CompletionOrder $records
        @($records.ActivityId | Select-Object -Unique).Count | Should -Be $order.Count
        @($records | Where-Object RecordType -eq 'Processing')[-1].StatusDescription | Should -Match '3 of 3 tasks$'
    }
}
