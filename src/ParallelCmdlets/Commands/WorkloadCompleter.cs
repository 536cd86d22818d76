using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ParallelCmdlets.Scripting;

namespace ParallelCmdlets.Commands;

/// <summary>Tab completion of the built-in workload names.</summary>
public sealed class WorkloadCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        return PowerShellWorkloads.CreateCatalog().All
            .Where(w => w.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(w => new CompletionResult(w.Name, w.Name, CompletionResultType.ParameterValue, w.Description));
    }
}
