using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Lets -Strategy take the names of sets besides single strategies: "PowerShell" (Sequential and PowerShell's
/// own tools) and "All" (every strategy), mixed freely with single names.
/// </summary>
public sealed class StrategySetTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var items = inputData is PSObject { BaseObject: var inner } ? inner : inputData;
        IEnumerable values = items is string or not IEnumerable ? new[] { items } : (IEnumerable)items;
        var expanded = new List<object>();
        var anySet = false;
        foreach (var value in values)
        {
            var text = (value is PSObject p ? p.BaseObject : value) as string;
            if (text is not null && ParallelCmdlets.Strategies.Sets.TryGetValue(text.Trim(), out var set))
            {
                expanded.AddRange(set.Cast<object>());
                anySet = true;
            }
            else
            {
                expanded.Add(value);
            }
        }
        // Anything else is left to the normal conversion, with its usual error for an unknown name.
        return anySet ? expanded.ToArray() : inputData;
    }
}

/// <summary>Tab completion of -Strategy: every strategy, then the sets, each with what it runs.</summary>
public sealed class StrategyCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        var single = Enum.GetValues<Strategy>().Select(s => (Name: s.ToString(), Tip: Describe(s)));
        var sets = ParallelCmdlets.Strategies.Sets.Select(set => (Name: set.Key, Tip: $"{set.Key}: {string.Join(", ", set.Value)}"));
        // Invoke-Workload runs one strategy: sets are offered only where several are taken.
        var offered = parameterName == "Strategy" && commandName.EndsWith("Invoke-Workload", StringComparison.OrdinalIgnoreCase) ? single : single.Concat(sets);
        return offered
            .Where(o => o.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(o => new CompletionResult(o.Name, o.Name, CompletionResultType.ParameterValue, o.Tip));
    }

    private static string Describe(Strategy strategy) => strategy switch
    {
        Strategy.Sequential => "Sequential: one task at a time, the baseline",
        Strategy.Threads => "Threads: the module's pool of threads in this process",
        Strategy.Processes => "Processes: the module's warm pool of worker processes",
        Strategy.ForEachParallel => "ForEachParallel: ForEach-Object -Parallel -ThrottleLimit Workers",
        Strategy.ThreadJob => "ThreadJob: Start-ThreadJob -ThrottleLimit Workers, Receive-Job",
        Strategy.Job => "Job: Start-Job, a new pwsh process per task, Workers at a time",
        Strategy.RunspacePool => "RunspacePool: a pool of Workers runspaces with BeginInvoke",
        _ => strategy.ToString(),
    };
}
