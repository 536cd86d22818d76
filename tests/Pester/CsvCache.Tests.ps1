BeforeAll {
    Import-Module $env:PARALLELCMDLETS_MODULE -Force
    . $PSScriptRoot/TestHelpers.ps1
}

Describe 'The Csv workload''s cache' -Tag CsvCache {
    BeforeEach {
        $previousCacheHome = $env:XDG_CACHE_HOME
        $env:XDG_CACHE_HOME = New-TestFolder cache
        $cacheRoot = Join-Path $env:XDG_CACHE_HOME 'ParallelCmdlets/csv'
    }
    AfterEach {
        $env:XDG_CACHE_HOME = $previousCacheHome
    }

    It 'is kept under XDG_CACHE_HOME, and Clear-WorkloadCache removes it' {
        if (-not $IsLinux) { Set-ItResult -Skipped -Because 'the XDG cache folder is Linux''s' }
        Invoke-Workload -Workload Csv -Size 20 -Tasks 2 -Strategy Sequential | Should -HaveCount 2
        Join-Path $cacheRoot '20/.complete' | Should -Exist
        (Get-Item $cacheRoot).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite, UserExecute')

        Clear-WorkloadCache

        $cacheRoot | Should -Not -Exist
    }

    It 'refuses a cache folder planted as a link, says what to do, and reads nothing from it' {
        if (-not $IsLinux) { Set-ItResult -Skipped -Because 'the XDG cache folder is Linux''s' }
        $elsewhere = New-Item -ItemType Directory -Path (Join-Path (New-TestFolder elsewhere) '20')
        New-Item -ItemType File -Path (Join-Path $elsewhere '.complete') | Out-Null
        0..7 | ForEach-Object { Set-Content -Path (Join-Path $elsewhere "data-0$_.csv") -Value 'not the workload''s CSV' }
        New-Item -ItemType Directory -Path (Split-Path $cacheRoot) | Out-Null
        New-Item -ItemType SymbolicLink -Path $cacheRoot -Target (Split-Path $elsewhere) | Out-Null

        $records = $refusal = $null
        try { $records = Invoke-Workload -Workload Csv -Size 20 -Tasks 2 -Strategy Sequential }
        catch { $refusal = $_ }

        $refusal | Should -Not -BeNullOrEmpty
        # The run ends with the declared RunFailed error, whose message carries the cache's own refusal whole.
        $refusal.FullyQualifiedErrorId | Should -BeLike 'RunFailed,*'
        $refusal.Exception.InnerException.Message | Should -BeLike "The folder '$cacheRoot' is a symbolic link*read nothing from this one. Delete it (or the link)*XDG_CACHE_HOME*"
        $refusal.Exception.Message.EndsWith($refusal.Exception.InnerException.Message) | Should -BeTrue -Because $refusal.Exception.Message
        $records | Should -BeNullOrEmpty
        Get-ChildItem $elsewhere -Filter *.csv | Get-Content | Should -Be (@('not the workload''s CSV') * 8)
    }
}
