@{
    RootModule           = 'ParallelCmdlets.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0e7f8e-5a52-4d55-9f3b-2b7f1c3c9a41'
    Author               = 'ParallelCmdlets contributors'
    CompanyName          = 'ParallelCmdlets'
    Copyright            = '(c) ParallelCmdlets contributors. MIT License.'
    Description          = 'Measures whether threads or processes run a workload faster, records every task, and says why.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('ParallelCmdlets.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-Workload'
        'Invoke-Workload'
        'Measure-Strategy'
        'Compare-Strategy'
        'Get-Answer'
        'Measure-Scaling'
        'Get-ScalingModel'
        'Export-ScalingChart'
        'Show-Timeline'
        'Export-Timeline'
        'Export-Result'
        'Import-Result'
        'Compare-Result'
        'Export-Report'
        'Clear-WorkloadCache'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('parallel', 'threads', 'processes', 'runspaces', 'benchmark', 'performance', 'timeline', 'Linux', 'Windows', 'macOS', 'PSEdition_Core')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            # No ProjectUri: the project has no public home yet, and a guessed address would send users elsewhere.
            # Filled from this version's section of CHANGELOG.md by ./build.ps1 Package.
            ReleaseNotes = ''
        }
    }
}
