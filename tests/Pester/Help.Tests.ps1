BeforeDiscovery {
    # Test cases are built at discovery time, so the module is loaded here as well as in BeforeAll.
    # Cmdlets come from the loaded module (some exported ones may not be written yet); the help file is
    # checked against the manifest's CmdletsToExport, so it must already cover every cmdlet planned.
    $module = Import-Module $env:PARALLELCMDLETS_MODULE -Force -PassThru
    $cmdlets = @(Get-Command -Module $module.Name -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
    $manifest = Import-PowerShellDataFile (Join-Path $module.ModuleBase 'ParallelCmdlets.psd1')
    $exported = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    $moduleBase = (Import-Module $env:PARALLELCMDLETS_MODULE -Force -PassThru).ModuleBase
    $helpPath = Join-Path $moduleBase 'en-US/ParallelCmdlets.dll-Help.xml'
    $namespaces = @{
        msh     = 'http://msh'
        command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    }
    $helpNames = @(Select-Xml -Path $helpPath -XPath '/msh:helpItems/command:command/command:details/command:name' -Namespace $namespaces |
            ForEach-Object { $_.Node.InnerText.Trim() })
    $manifest = Import-PowerShellDataFile (Join-Path $moduleBase 'ParallelCmdlets.psd1')
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters

    function Get-ParaText {
        # Get-Help returns descriptions as arrays of objects with a Text property; join them into one string.
        param($Paragraphs)
        (@($Paragraphs) | ForEach-Object { $_.Text }) -join "`n"
    }
}

Describe 'The help file' {
    It 'has an entry for <Name>, which the manifest exports' -ForEach $exported {
        $helpNames | Should -Contain $Name
    }

    It 'documents only cmdlets the manifest exports' {
        $helpNames | Where-Object { $_ -notin $manifest.CmdletsToExport } | Should -BeNullOrEmpty
    }

    It 'has one entry per cmdlet' {
        $helpNames | Group-Object | Where-Object Count -GT 1 | ForEach-Object Name | Should -BeNullOrEmpty
    }
}

Describe 'Get-Help <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
        $actual = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
        $documented = @($help.parameters.parameter | ForEach-Object { $_.name })
    }

    It 'has a synopsis for <Name>' {
        # Without a help entry, Get-Help makes the synopsis from the syntax, which starts with the name.
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$Name *"
    }

    It 'has a description for <Name>' {
        Get-ParaText $help.description | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples for <Name>, each with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            Get-ParaText $example.remarks | Should -Not -BeNullOrEmpty
        }
    }

    It 'documents every parameter of <Name>' {
        $actual | Where-Object { $_ -notin $documented } | Should -BeNullOrEmpty -Because 'each parameter the cmdlet has needs an entry'
    }

    It 'documents no parameter that <Name> does not have' {
        $documented | Where-Object { $_ -notin $actual } | Should -BeNullOrEmpty
    }

    It 'describes and types every parameter of <Name>' {
        foreach ($parameter in $help.parameters.parameter) {
            Get-ParaText $parameter.description | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a description"
            $parameter.type.name | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a type"
        }
    }

    It 'names as OUTPUTS of <Name> the types it declares it writes' {
        # Issue 17: Show-Timeline's OUTPUTS said it wrote nothing, but it writes the drawing's lines as strings.
        $outputs = @($help.returnValues.returnValue | ForEach-Object { $_.type.name })
        foreach ($type in $command.OutputType.Type) {
            # [OutputType([void])] is documented as None.
            $outputs | Should -Contain $(if ($type -eq [void]) { 'None' } else { $type.FullName }) -Because "$Name declares [OutputType([$($type.FullName)])]"
        }
    }

    It 'describes -WhatIf and -Confirm of <Name> as what it does' {
        # Issue 17: Export-Timeline's -WhatIf and -Confirm were said to remove files; only Clear- and Remove- commands remove.
        foreach ($entry in $help.parameters.parameter | Where-Object name -In 'WhatIf', 'Confirm') {
            if ($Name -notmatch '^(Clear|Remove)-') { Get-ParaText $entry.description | Should -Not -Match 'remov' -Because "$Name writes, it does not remove" }
        }
    }

    It 'says which parameters of <Name> are required, positional and take pipeline input, as the cmdlet does' {
        foreach ($name in $actual | Where-Object { $_ -in $documented }) {
            $sets = @($command.Parameters[$name].ParameterSets.Values)
            $entry = $help.parameters.parameter | Where-Object name -EQ $name
            $required = [bool]($sets | Where-Object IsMandatory)
            $position = $sets | Where-Object Position -GE 0 | Select-Object -First 1 -ExpandProperty Position
            $pipeline = [bool]($sets | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName })
            $entry.required | Should -Be $required.ToString().ToLowerInvariant() -Because "-$name is mandatory in some parameter set: $required"
            $entry.position | Should -Be $(if ($null -ne $position) { "$position" } else { 'named' }) -Because "-$name's position"
            $entry.pipelineInput -like 'True*' | Should -Be $pipeline -Because "-$name takes pipeline input: $pipeline"
        }
    }
}

Describe 'about_ParallelCmdlets' {
    It 'is found by Get-Help once the module is imported, with the guidance and how to read a verdict' {
        $text = Get-Help about_ParallelCmdlets | Out-String
        $text | Should -Match 'WHICH SHOULD I USE\?'
        $text | Should -Match 'HOW TO READ A VERDICT'
    }

    It 'ships in the module folder''s en-US' {
        Join-Path $moduleBase 'en-US/about_ParallelCmdlets.help.txt' | Should -Exist
    }
}
