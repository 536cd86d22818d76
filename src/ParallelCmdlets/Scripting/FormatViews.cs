using System.Management.Automation;
using System.Management.Automation.Language;

namespace ParallelCmdlets.Scripting;

/// <summary>
/// Whether a task's script can reach PowerShell's built-in format views (Format-Table, Out-String, a redirection to a
/// file, input to a native command). Loading them is a fifth of a worker's start-up CPU (profiled: 0.27 s of about
/// 1.2 s in a fresh worker on 2 cores), and a script of expressions and the commands below never reads them. Anything
/// the script does not show plainly (a command named at run time, script made from text, a module, a command not
/// known here) counts as may-format, so views are skipped only where no output could differ.
/// </summary>
internal static class FormatViews
{
    /// <summary>
    /// Commands that write objects, never text laid out by a view. Aliases only where every platform has them: on
    /// Linux and macOS "sort" and "sleep" are programs, and piping objects to a program formats them.
    /// </summary>
    private static readonly HashSet<string> ViewFreeCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "ForEach-Object", "Where-Object", "Select-Object", "Sort-Object", "Group-Object", "Measure-Object", "Compare-Object",
        "Get-Unique", "Write-Output", "Write-Error", "Write-Warning", "Write-Verbose", "Write-Debug", "Write-Information",
        "Write-Progress", "Out-Null", "Start-Sleep", "Get-Random", "Get-Date", "New-TimeSpan", "New-Object", "New-Guid",
        "Get-Variable", "Set-Variable", "New-Variable", "Remove-Variable", "ConvertTo-Json", "ConvertFrom-Json",
        "ConvertTo-Csv", "ConvertFrom-Csv", "Import-Csv", "Export-Csv", "Get-Content", "Set-Content", "Add-Content",
        "Test-Path", "Join-Path", "Split-Path", "Resolve-Path", "Get-Item", "Get-ChildItem", "Get-Member",
        "%", "?", "foreach", "where", "select", "group", "measure", "echo",
    };

    /// <summary>True unless every script given is plainly unable to use a format view; null or empty scripts count as none.</summary>
    public static bool MayBeUsedBy(params string?[] scripts) => scripts.Any(script => !string.IsNullOrWhiteSpace(script) && MayBeUsedBy(script));

    private static bool MayBeUsedBy(string script)
    {
        var ast = Parser.ParseInput(script, out _, out var errors);
        if (errors.Length > 0) return true;
        if (ast.ScriptRequirements is { } requirements && (requirements.RequiredModules.Count > 0 || requirements.RequiredAssemblies.Count > 0))
            return true;
        return ast.Find(node => node switch
        {
            CommandAst command => command.GetCommandName() is not { } name || !ViewFreeCommands.Contains(name),
            FileRedirectionAst => true,
            UsingStatementAst => true,
            // Script made from text at run time: [scriptblock]::Create, $ExecutionContext.InvokeCommand.
            TypeExpressionAst type => MakesScript(type.TypeName),
            TypeConstraintAst constraint => MakesScript(constraint.TypeName),
            VariableExpressionAst variable => variable.VariablePath.UserPath.Equals("ExecutionContext", StringComparison.OrdinalIgnoreCase),
            _ => false,
        }, searchNestedScriptBlocks: true) is not null;
    }

    private static bool MakesScript(ITypeName name) =>
        name.GetReflectionType() is { } type ? type == typeof(ScriptBlock) || type == typeof(PowerShell)
            : name.FullName.Contains("scriptblock", StringComparison.OrdinalIgnoreCase) || name.FullName.Contains("powershell", StringComparison.OrdinalIgnoreCase);
}
