using System.Management.Automation;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Scripting;

namespace ParallelCmdlets.Commands;

/// <summary>What the running cmdlets check of a -ScriptBlock before anything starts, and its -InitializationScript.</summary>
public abstract partial class WorkloadCommandBase
{
    private bool scriptBlockChecked;

    /// <summary>
    /// Set-up code run once in every worker's runspace (Sequential's, each thread's, each worker process's) when
    /// the pool starts, before any timing, as Start-Job's -InitializationScript runs in a job: define functions,
    /// import modules, load data. Its time is part of the pool's start-up, never of a task.
    /// </summary>
    [Parameter(ParameterSetName = ScriptBlockSet)]
    public ScriptBlock? InitializationScript { get; set; }

    /// <summary>Refuses what cannot run and warns about what will not do what it seems to, once per invocation.</summary>
    private void CheckScriptBlockOnce()
    {
        if (scriptBlockChecked) return;
        scriptBlockChecked = true;
        if (InitializationScript is not null)
        {
            if (RequestedStrategies.FirstOrDefault(s => s.IsPowerShellTool()) is var tool && tool.IsPowerShellTool())
                Refuse(ErrorIds.InitializationScriptNeedsModuleStrategy, ErrorCategory.InvalidArgument, tool,
                    $"-InitializationScript runs once per worker of Sequential, Threads and Processes, before timing. {tool} is measured as PowerShell runs it, where set-up would run again in every task and inside its time; leave {tool} out, or put the set-up at the top of the ScriptBlock so it is measured as it would run.");
        }
        if (SizesAsked.Count > 0 && !CallerDependencies.ReadsSize(ScriptBlock!))
            WriteWarning($"-Size reaches a ScriptBlock only as $Size, and this ScriptBlock does not read $Size: -Size {string.Join(", ", SizesAsked)} changes nothing here. Read $Size in the ScriptBlock, or leave -Size out.");
        var (variables, functions) = CallerDependencies.Find(ScriptBlock!, InitializationScript,
            name => SessionState.PSVariable.Get(name) is not null,
            name => InvokeCommand.GetCommand(name, CommandTypes.Function | CommandTypes.Filter) is FunctionInfo { Module: null });
        if (variables.Count > 0 && !AllowCallerVariables)
            Refuse(ErrorIds.ScriptBlockReadsCallerVariable, ErrorCategory.InvalidArgument, ScriptBlock, CallerDependencies.VariablesError(variables));
        if (CallerDependencies.Warning(AllowCallerVariables ? variables : [], functions) is { } warning) WriteWarning(warning);
    }

    /// <summary>
    /// Runs the ScriptBlock even though it reads variables of this session that no worker has (they read $null
    /// there), for code whose -InitializationScript or modules make them in every worker in a way not written out.
    /// </summary>
    [Parameter(ParameterSetName = ScriptBlockSet)]
    public SwitchParameter AllowCallerVariables { get; set; }

    private IReadOnlyDictionary<string, object?>? usingValues;

    /// <summary>
    /// The caller's values of the ScriptBlock's $using: variables, read once, when the command starts (as
    /// ForEach-Object -Parallel reads them); a name this session lacks is $null, as there.
    /// </summary>
    private IReadOnlyDictionary<string, object?> CaptureUsingValues()
    {
        if (usingValues is not null) return usingValues;
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, path) in ScriptBlockWorkload.UsingPaths(ScriptBlock!, InitializationScript))
            values[name] = path.StartsWith("env:", StringComparison.OrdinalIgnoreCase)
                ? Environment.GetEnvironmentVariable(path["env:".Length..])
                : SessionState.PSVariable.GetValue(path);
        return usingValues = values;
    }
}
