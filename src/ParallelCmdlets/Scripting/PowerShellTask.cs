using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace ParallelCmdlets.Scripting;

/// <summary>
/// Runs script in a runspace owned by one worker thread. The runspace is made before the timed run and
/// runs on the calling thread, so a task's time is the script's time and nothing else.
/// </summary>
internal static class PowerShellTask
{
    /// <summary>What a task's output is as one value: nothing, the one object it wrote, or an array of them.</summary>
    public static object? OutputOf<T>(IReadOnlyList<T> items) => items.Count switch
    {
        0 => null,
        1 => items[0],
        _ => items.ToArray(),
    };

    /// <summary>The function each task calls: the task's script, defined once in its worker's runspace.</summary>
    internal const string TaskFunction = "__ParallelCmdletsTask";

    /// <summary>
    /// A runspace for one worker thread with <paramref name="script"/> defined in it as the task function. Run as
    /// a script (AddScript) it would be parsed and compiled again for every task, which cost an empty block more
    /// than the rest of its invocation; a function keeps its compiled form, and runs in a scope of its own as a
    /// script block called with &amp; does.
    /// The built-in format views are left out when neither <paramref name="script"/> nor the
    /// <paramref name="initialization"/> run in the runspace can use them (<see cref="FormatViews"/>).
    /// </summary>
    public static Runspace OpenRunspace(string script, string? initialization = null)
    {
        var state = InitialSessionState.CreateDefault2();
        if (!FormatViews.MayBeUsedBy(script, initialization)) state.Formats.Clear();
        state.Commands.Add(new SessionStateFunctionEntry(TaskFunction, Definition(script, state)));
        var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.ThreadOptions = PSThreadOptions.UseCurrentThread;
        runspace.Open();
        return runspace;
    }

    /// <summary>
    /// The task function's body: the script itself, or, where it does not parse (it names a type only the caller's
    /// process has), a body that parses it again at each call, so every task fails with the parser's message as the
    /// script would on its own, instead of the worker failing to start.
    /// </summary>
    private static string Definition(string script, InitialSessionState state)
    {
        try
        {
            return ScriptBlock.Create(script).ToString();
        }
        catch (ParseException)
        {
            const string text = "__ParallelCmdletsTaskText";
            state.Variables.Add(new SessionStateVariableEntry(text, script, "The task's script, which does not parse here."));
            return $"Invoke-Expression ${text}";
        }
    }

    /// <summary>
    /// Runs set-up code in the runspace's global scope, as Start-Job's -InitializationScript does in a job's, so
    /// the functions and variables it defines are there for every task; any error it writes or throws is refused.
    /// </summary>
    public static void Initialize(Runspace runspace, string script)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script, useLocalScope: false);
        try
        {
            shell.Invoke();
        }
        catch (RuntimeException e)
        {
            throw new InvalidOperationException($"-InitializationScript failed: {e.ErrorRecord?.ToString() ?? e.Message}", e);
        }
        if (shell.Streams.Error.Count > 0)
            throw new InvalidOperationException($"-InitializationScript failed: {shell.Streams.Error[0]}");
    }

    /// <summary>Invokes the runspace's task function with arguments; any error the script writes or throws fails the task.</summary>
    public static Collection<PSObject> Invoke(Runspace runspace, object?[] arguments, int taskId, CancellationToken cancellation)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        runspace.SessionStateProxy.SetVariable("TaskId", taskId);
        shell.AddCommand(TaskFunction);
        foreach (var argument in arguments) shell.AddArgument(argument);
        using var stop = cancellation.Register(() => shell.BeginStop(null, null));
        Collection<PSObject> output;
        try
        {
            output = shell.Invoke();
        }
        catch (RuntimeException e)
        {
            throw new InvalidOperationException(e.ErrorRecord?.ToString() ?? e.Message, e);
        }
        cancellation.ThrowIfCancellationRequested();
        if (shell.Streams.Error.Count > 0)
            throw new InvalidOperationException(shell.Streams.Error[0].ToString());
        return output;
    }
}
