BeforeDiscovery {
    # Every strategy the module has, the eight today: what was asked of a run is attached in one place, so each shows it alike.
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    $script:Strategies = [Enum]::GetNames([ParallelCmdlets.Strategy]) | ForEach-Object { @{ Strategy = $_ } }
}

BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    # Remote runs on a real SSH server on this machine, as the Remote tests start it; without sshd its case is skipped.
    $script:SshProblem = Get-TestSshdProblem
    if (-not $SshProblem) {
        try { $script:Server = Start-TestSshd -Address 127.0.0.1 }
        catch { $script:SshProblem = "sshd could not be started here: $_" }
    }

    # Where a strategy runs: Remote on the test server, every other strategy here.
    function Get-Where([string] $Strategy) {
        if ($Strategy -ne 'Remote') { return @{} }
        @{ HostName = '127.0.0.1'; Port = $Server.Port; KeyFilePath = $Server.KeyFilePath; Options = $Server.Options }
    }

    function Skip-RemoteWithoutSshd([string] $Strategy) {
        $skip = $Strategy -eq 'Remote' -and $script:SshProblem
        if ($skip) { Set-ItResult -Skipped -Because $script:SshProblem }
        [bool]$skip
    }
}

AfterAll {
    if ($script:Server) { $script:Server | Stop-TestSshd }
}

Describe 'What was asked of a run' {
    It 'is on <Strategy>''s result, every run and every record: a real StartedUtc and the Size asked' -ForEach $Strategies {
        if (Skip-RemoteWithoutSshd $Strategy) { return }
        $where = Get-Where $Strategy
        # Wall clocks may be coarser than a run: a second either side.
        $before = [DateTime]::UtcNow.AddSeconds(-1)
        # One task a run keeps Job (a pwsh per task) quick; the records of several tasks are checked below, as they are written.
        $result = Measure-Strategy -Workload Sleep -Size 10 -Strategy $Strategy @where -Workers 1 -Tasks 1 -Repeat 2 -Warmup 0 -WarningAction SilentlyContinue
        $after = [DateTime]::UtcNow.AddSeconds(1)

        $result.Strategy | Should -Be $Strategy
        $result.Workload | Should -Be 'Sleep'
        $result.Size | Should -Be 10
        $result.SizeUnit | Should -Be 'milliseconds'
        $result.StartedUtc | Should -BeGreaterThan $before
        $result.StartedUtc | Should -BeLessThan $after
        $result.Runs.Count | Should -Be 2
        $result.StartedUtc | Should -Be ($result.Runs.StartedUtc | Sort-Object | Select-Object -First 1) -Because 'a result starts with its first run'
        foreach ($run in $result.Runs) {
            $run.Strategy | Should -Be $Strategy
            $run.Size | Should -Be 10
            $run.SizeUnit | Should -Be 'milliseconds'
            $run.StartedUtc | Should -BeGreaterThan $before
            $run.StartedUtc | Should -BeLessThan $after
            $run.RunId | Should -Match '^[0-9a-f]{12}$'
            $run.Records.Count | Should -Be 1
            foreach ($record in $run.Records) {
                $record.Status | Should -Be Completed
                $record.Strategy | Should -Be $Strategy
                $record.Workload | Should -Be 'Sleep'
                $record.Size | Should -Be 10
                $record.SizeUnit | Should -Be 'milliseconds'
                $record.Workers | Should -Be $run.Workers
                $record.RunId | Should -Be $run.RunId
                $record.RunStartedUtc | Should -Be $run.StartedUtc
            }
        }
        @($result.Runs.RunId | Sort-Object -Unique).Count | Should -Be 2
    }

    It 'is on each record <Strategy> writes while it runs (Invoke-Workload)' -ForEach $Strategies {
        if (Skip-RemoteWithoutSshd $Strategy) { return }
        $where = Get-Where $Strategy
        $before = [DateTime]::UtcNow.AddSeconds(-1)
        $records = @(Invoke-Workload -Workload Sleep -Size 10 -Strategy $Strategy @where -Workers 2 -Tasks 2)
        $after = [DateTime]::UtcNow.AddSeconds(1)

        $records.Count | Should -Be 2
        @($records.RunId | Sort-Object -Unique).Count | Should -Be 1
        $records[0].RunId | Should -Match '^[0-9a-f]{12}$'
        foreach ($record in $records) {
            $record.Status | Should -Be Completed
            $record.Strategy | Should -Be $Strategy
            $record.Workload | Should -Be 'Sleep'
            $record.Size | Should -Be 10
            $record.SizeUnit | Should -Be 'milliseconds'
            $record.RunStartedUtc | Should -BeGreaterThan $before
            $record.RunStartedUtc | Should -BeLessThan $after
        }
    }
}
