BeforeAll {
    $moduleFolder = $env:PARALLELCMDLETS_MODULE
    . $PSScriptRoot/TestHelpers.ps1
    $root = Get-RepositoryRoot
    $findReferenceAssembly = Join-Path $root 'tools/Find-ReferenceAssembly.ps1'
}

Describe 'The built module folder' -Tag Packaging {
    It 'does not ship PowerShellStandard''s System.Management.Automation.dll' {
        Join-Path $moduleFolder 'System.Management.Automation.dll' | Should -Not -Exist
    }

    It 'holds no reference assembly' {
        @(& $findReferenceAssembly -Path $moduleFolder) | Should -BeNullOrEmpty
    }
}

Describe 'Find-ReferenceAssembly' -Tag Packaging {
    It 'finds an assembly marked with ReferenceAssemblyAttribute' {
        # The compiler writes one beside every build, under obj/<configuration>/<framework>/ref/.
        $reference = Get-ChildItem -Path (Join-Path $root 'src/ParallelCmdlets.Core/obj') -Recurse -Filter 'ParallelCmdlets.Core.dll' |
            Where-Object { $_.Directory.Name -eq 'ref' } | Select-Object -First 1
        $reference | Should -Not -BeNullOrEmpty
        & $findReferenceAssembly -Path $reference.DirectoryName | Should -Be $reference.FullName
    }

    It 'finds PowerShellStandard''s System.Management.Automation.dll, a stub without that attribute' {
        $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
        $stubFolder = Join-Path $packages 'powershellstandard.library/5.1.1/lib/netstandard2.0'
        & $findReferenceAssembly -Path $stubFolder | Should -Be (Join-Path $stubFolder 'System.Management.Automation.dll')
    }
}
