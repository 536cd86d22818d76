using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace ParallelCmdlets.Scripting;

/// <summary>
/// What a ScriptBlock reads from the caller's session that a worker will not have: every worker runs it in a
/// fresh default runspace, so a variable or function the user made at the prompt fails there obscurely. Read
/// from the script's syntax tree; the session itself is asked only whether each name exists in it.
/// </summary>
internal static class CallerDependencies
{
    /// <summary>The variables and functions of a fresh default runspace: what every worker starts with.</summary>
    private static readonly Lazy<(HashSet<string> Variables, HashSet<string> Functions)> WorkerSession = new(() =>
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        var variables = shell.AddScript("(Get-Variable).Name").Invoke<string>();
        shell.Commands.Clear();
        var functions = shell.AddScript("(Get-Command -CommandType Function, Filter).Name").Invoke<string>();
        return (new HashSet<string>(variables, StringComparer.OrdinalIgnoreCase), new HashSet<string>(functions, StringComparer.OrdinalIgnoreCase));
    });

    /// <summary>Names every task is given ($TaskId, $Size) or PowerShell sets as it runs ($_, $args, $input, $Matches, ...).</summary>
    private static readonly HashSet<string> SetPerTask = new(StringComparer.OrdinalIgnoreCase)
    {
        "TaskId", "Size", "_", "PSItem", "args", "input", "this", "Matches", "LASTEXITCODE", "PSCmdlet", "PSBoundParameters",
        "MyInvocation", "foreach", "switch", "Error", "StackTrace", "PSScriptRoot", "PSCommandPath", "sender", "EventArgs", "Event",
    };

    /// <param name="script">The task's code.</param>
    /// <param name="initialization">The -InitializationScript, whose visible definitions count as made in the worker.</param>
    /// <param name="callerHasVariable">Whether the caller's session has a variable of that name.</param>
    /// <param name="callerFunction">Whether the caller's session resolves the name to a function of its own (not a module's).</param>
    public static (IReadOnlyList<string> Variables, IReadOnlyList<string> Functions) Find(ScriptBlock script, ScriptBlock? initialization,
        Func<string, bool> callerHasVariable, Func<string, bool> callerFunction)
    {
        var defined = DefinedIn(script.Ast);
        if (initialization is not null) defined.UnionWith(DefinedIn(initialization.Ast));
        var definedFunctions = FunctionsDefinedIn(script.Ast);
        if (initialization is not null) definedFunctions.UnionWith(FunctionsDefinedIn(initialization.Ast));
        var worker = WorkerSession.Value;

        var variables = script.Ast.FindAll(a => a is VariableExpressionAst, searchNestedScriptBlocks: true).Cast<VariableExpressionAst>()
            .Where(v => !v.VariablePath.IsDriveQualified && !InUsing(v))
            .Select(v => Name(v.VariablePath))
            .Where(name => !defined.Contains(name) && !SetPerTask.Contains(name) && !worker.Variables.Contains(name) && callerHasVariable(name))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var functions = script.Ast.FindAll(a => a is CommandAst, searchNestedScriptBlocks: true).Cast<CommandAst>()
            .Select(c => c.GetCommandName())
            .OfType<string>()
            .Where(name => !definedFunctions.Contains(name) && !worker.Functions.Contains(name) && callerFunction(name))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return (variables, functions);
    }

    /// <summary>Whether the variable is read as $using:name, which takes the caller's value on purpose.</summary>
    private static bool InUsing(Ast ast)
    {
        for (var node = ast.Parent; node is not null and not ScriptBlockAst; node = node.Parent)
            if (node is UsingExpressionAst) return true;
        return false;
    }

    /// <summary>The name without its scope ($global:x is x); the reference assemblies lack VariablePath.UnqualifiedPath.</summary>
    private static string Name(VariablePath path)
    {
        var colon = path.UserPath.IndexOf(':');
        return colon < 0 ? path.UserPath : path.UserPath[(colon + 1)..];
    }

    /// <summary>Variables the code makes itself: assigned, a parameter, a foreach variable.</summary>
    private static HashSet<string> DefinedIn(Ast ast)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in ast.FindAll(_ => true, searchNestedScriptBlocks: true))
        {
            switch (node)
            {
                case AssignmentStatementAst assignment:
                    foreach (var target in assignment.Left.FindAll(a => a is VariableExpressionAst, searchNestedScriptBlocks: false).Cast<VariableExpressionAst>())
                        names.Add(Name(target.VariablePath));
                    break;
                case ParameterAst parameter:
                    names.Add(Name(parameter.Name.VariablePath));
                    break;
                case ForEachStatementAst loop:
                    names.Add(Name(loop.Variable.VariablePath));
                    break;
            }
        }
        return names;
    }

    private static HashSet<string> FunctionsDefinedIn(Ast ast) =>
        new(ast.FindAll(a => a is FunctionDefinitionAst, searchNestedScriptBlocks: true).Cast<FunctionDefinitionAst>().Select(f => f.Name),
            StringComparer.OrdinalIgnoreCase);

    /// <summary>Why a ScriptBlock that reads the caller's variables is stopped before anything runs, and the fix.</summary>
    public static string VariablesError(IReadOnlyList<string> variables)
    {
        var names = string.Join(", ", variables.Select(v => "$" + v));
        var usings = string.Join(", ", variables.Select(v => "$using:" + v));
        return $"The ScriptBlock reads {names}, which this session has but a worker will not: every worker runs it in a fresh runspace, where {(variables.Count == 1 ? "it reads" : "they read")} $null. " +
               $"Write {usings} to take this session's value when the command starts, as ForEach-Object -Parallel does, or pass values with -ArgumentList and read them with param(). " +
               "If -InitializationScript or a module makes them in every worker, add -AllowCallerVariables.";
    }

    /// <summary>The warning for what was found, or null when nothing was.</summary>
    public static string? Warning(IReadOnlyList<string> variables, IReadOnlyList<string> functions)
    {
        if (variables.Count == 0 && functions.Count == 0) return null;
        var things = variables.Select(v => "$" + v).Concat(functions).ToList();
        var fixes = new List<string>();
        if (variables.Count > 0) fixes.Add("pass values with -ArgumentList and read them with param()");
        if (functions.Count > 0) fixes.Add("define functions inside the ScriptBlock or in -InitializationScript");
        return $"The ScriptBlock uses {string.Join(", ", things)}, which this session has but a worker will not: every worker runs it in a fresh runspace. To fix, {string.Join("; ", fixes)}. (Only definitions written out in -InitializationScript are seen here; if it makes these another way, such as by importing a module, ignore this warning.)";
    }

    /// <summary>Whether the script reads $Size, the only way -Size reaches a ScriptBlock.</summary>
    public static bool ReadsSize(ScriptBlock script) =>
        script.Ast.Find(a => a is VariableExpressionAst v && Name(v.VariablePath).Equals("Size", StringComparison.OrdinalIgnoreCase), searchNestedScriptBlocks: true) is not null;
}
