using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;

namespace ParallelCmdlets.Scripting;

/// <summary>
/// <c>$using:name</c> as ForEach-Object -Parallel reads it: the caller's value when the command starts. The code
/// is rewritten once to read a plain variable (<c>${__using_name}</c>), which every strategy sets where the code
/// runs before any task: by reference in this process (Sequential, Threads and the in-process tools), serialised
/// as PowerShell serialises it into worker processes, jobs and remote hosts.
/// </summary>
internal static class UsingVariables
{
    /// <summary>The start of every variable a <c>$using:</c> becomes; no user code is expected to name one so.</summary>
    public const string Prefix = "__using_";

    /// <summary>How deep values are serialised between processes: as deep as the ScriptBlock's arguments, inside the hashtable that carries them.</summary>
    private const int SerializationDepth = ScriptBlockWorkload.SerializationDepth + 1;

    /// <summary>
    /// The code with every <c>$using:name</c> read from its own variable instead, and for each such variable the
    /// caller's path it stands for (<c>limit</c>, <c>env:HOME</c>). Code that does not parse is returned as it is.
    /// </summary>
    public static (string Text, IReadOnlyDictionary<string, string> Paths) Rewrite(string text)
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var ast = Parser.ParseInput(text, out _, out var errors);
        if (errors.Length > 0) return (text, paths);
        var variables = ast.FindAll(a => a is UsingExpressionAst, searchNestedScriptBlocks: true).Cast<UsingExpressionAst>()
            .Select(UsingExpressionAst.ExtractUsingVariable)
            .OrderByDescending(v => v.Extent.StartOffset)
            .ToList();
        if (variables.Count == 0) return (text, paths);
        var rewritten = new StringBuilder(text);
        foreach (var variable in variables)
        {
            var path = CallerPath(variable.VariablePath);
            var name = VariableName(path);
            paths[name] = path;
            var replacement = variable.Splatted ? "@" + name : "${" + name + "}";
            rewritten.Remove(variable.Extent.StartOffset, variable.Extent.EndOffset - variable.Extent.StartOffset).Insert(variable.Extent.StartOffset, replacement);
        }
        return (rewritten.ToString(), paths);
    }

    /// <summary>What follows <c>using:</c>: the caller's variable, with any scope or drive it names.</summary>
    private static string CallerPath(VariablePath path)
    {
        var user = path.UserPath;
        return user.StartsWith("using:", StringComparison.OrdinalIgnoreCase) ? user["using:".Length..] : user;
    }

    /// <summary>The plain variable standing for a caller's path: letters, digits and underscores only.</summary>
    private static string VariableName(string path) =>
        Prefix + new string(path.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());

    /// <summary>Statements setting every variable from a hashtable expression (<c>$__context.Using</c>), for code that runs per task.</summary>
    public static string Assignments(IEnumerable<string> names, string source) =>
        string.Concat(names.Select(name => $"${{{name}}} = {source}['{name}']\n"));

    /// <summary>Sets the variables in a session once, globally, from its first argument: a hashtable, serialised when the session is remote.</summary>
    public const string SetGlobally = "param($__values) foreach ($__name in $__values.Keys) { Set-Variable -Scope Global -Name $__name -Value $__values[$__name] }";

    public static Hashtable ToHashtable(IReadOnlyDictionary<string, object?> values)
    {
        var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in values) table[name] = value;
        return table;
    }

    /// <summary>The values as CLIXML, as PowerShell serialises them for a job or a remote host; null when there are none.</summary>
    public static byte[]? Serialize(IReadOnlyDictionary<string, object?> values) =>
        values.Count == 0 ? null : Encoding.UTF8.GetBytes(PSSerializer.Serialize(ToHashtable(values), SerializationDepth));

    public static IReadOnlyDictionary<string, object?> Deserialize(byte[]? bytes)
    {
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (bytes is not { Length: > 0 }) return values;
        var restored = PSSerializer.Deserialize(Encoding.UTF8.GetString(bytes));
        if ((restored is PSObject wrapped ? wrapped.BaseObject : restored) is IDictionary table)
            foreach (DictionaryEntry entry in table) values[entry.Key.ToString()!] = entry.Value;
        return values;
    }
}
