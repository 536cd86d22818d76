<#
.SYNOPSIS
    Lists the reference assemblies under a folder: compile-time stubs that must never ship, since they cannot run.
.DESCRIPTION
    An assembly counts as a reference assembly when it carries
    System.Runtime.CompilerServices.ReferenceAssemblyAttribute, or when it is System.Management.Automation:
    PowerShellStandard.Library's copy is a stub without that attribute, and a module must always use the copy
    of the PowerShell that loads it. Read with System.Reflection.Metadata, so nothing is loaded into this process.
.EXAMPLE
    ./tools/Find-ReferenceAssembly.ps1 -Path out/ParallelCmdlets
#>
[CmdletBinding()]
[OutputType([string])]
param(
    [Parameter(Mandatory)] [string] $Path
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Get-AttributeTypeName {
    # The full name of a custom attribute's type, whether referenced from another assembly or defined in this one.
    param([System.Reflection.Metadata.MetadataReader] $Reader, [System.Reflection.Metadata.CustomAttribute] $Attribute)
    $constructor = $Attribute.Constructor
    if ($constructor.Kind -eq [System.Reflection.Metadata.HandleKind]::MemberReference) {
        $parent = $Reader.GetMemberReference([System.Reflection.Metadata.MemberReferenceHandle]$constructor).Parent
        if ($parent.Kind -ne [System.Reflection.Metadata.HandleKind]::TypeReference) { return '' }
        $type = $Reader.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle]$parent)
    }
    elseif ($constructor.Kind -eq [System.Reflection.Metadata.HandleKind]::MethodDefinition) {
        $method = $Reader.GetMethodDefinition([System.Reflection.Metadata.MethodDefinitionHandle]$constructor)
        $type = $Reader.GetTypeDefinition($method.GetDeclaringType())
    }
    else { return '' }
    "$($Reader.GetString($type.Namespace)).$($Reader.GetString($type.Name))"
}

foreach ($file in Get-ChildItem -LiteralPath $Path -Recurse -File -Filter '*.dll') {
    $stream = [System.IO.File]::OpenRead($file.FullName)
    try {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        if (-not $pe.HasMetadata) { continue }  # a native library
        $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
        if (-not $reader.IsAssembly) { continue }
        $assembly = $reader.GetAssemblyDefinition()
        $isReference = $reader.GetString($assembly.Name) -eq 'System.Management.Automation'
        foreach ($handle in $assembly.GetCustomAttributes()) {
            $name = Get-AttributeTypeName $reader $reader.GetCustomAttribute($handle)
            if ($name -eq 'System.Runtime.CompilerServices.ReferenceAssemblyAttribute') { $isReference = $true }
        }
        if ($isReference) { $file.FullName }
    }
    finally { $stream.Dispose() }
}
