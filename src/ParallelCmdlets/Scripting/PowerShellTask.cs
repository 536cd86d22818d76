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
    public static Runspace OpenRunspace()
    {
        var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.ThreadOptions = PSThreadOptions.UseCurrentThread;
        runspace.Open();
        return runspace;
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

    /// <summary>Invokes the script with arguments; any error the script writes or throws fails the task.</summary>
    public static Collection<PSObject> Invoke(Runspace runspace, string script, object?[] arguments, int taskId, CancellationToken cancellation)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        runspace.SessionStateProxy.SetVariable("TaskId", taskId);
        shell.AddScript(script, useLocalScope: true);
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
