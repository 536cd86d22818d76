using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Reads -Strategy: single names (any case) and the names of sets, "PowerShell" (Sequential and PowerShell's own
/// tools) and "All" (every strategy), mixed freely; each strategy once, in the order first named. The parameter is
/// a string array, not the enum, because PowerShell completes enum parameters from the enum alone, and the sets
/// must be offered too.
/// </summary>
internal static class StrategyNames
{
    public static bool TryParse(IEnumerable<string> names, out IReadOnlyList<Strategy> strategies, out string? unknown)
    {
        var list = new List<Strategy>();
        unknown = null;
        foreach (var raw in names)
        {
            var name = raw?.Trim() ?? "";
            if (StrategySets.Sets.TryGetValue(name, out var set)) list.AddRange(set);
            else if (!name.All(char.IsDigit) && Enum.TryParse<Strategy>(name, ignoreCase: true, out var single)) list.Add(single);
            else
            {
                unknown = name;
                break;
            }
        }
        strategies = list.Distinct().ToList();
        return unknown is null;
    }

    /// <summary>The strategies named, or a terminating error that lists what is known.</summary>
    public static IReadOnlyList<Strategy> Parse(PSCmdlet cmdlet, IEnumerable<string> names)
    {
        if (TryParse(names, out var strategies, out var unknown)) return strategies;
        cmdlet.ThrowTerminatingError(new ErrorRecord(
            new ArgumentException($"There is no strategy named '{unknown}'. Known strategies: {string.Join(", ", Enum.GetNames<Strategy>())}; or the sets {string.Join(", ", StrategySets.Sets.Keys)}."),
            ErrorIds.UnknownStrategy, ErrorCategory.InvalidArgument, unknown));
        return []; // not reached: ThrowTerminatingError always throws
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
        var sets = StrategySets.Sets.Select(set => (Name: set.Key, Tip: $"{set.Key}: {string.Join(", ", set.Value)}"));
        // Invoke-Workload runs one strategy: sets are offered only where several are taken.
        var offered = parameterName == "Strategy" && commandName.EndsWith("Invoke-Workload", StringComparison.OrdinalIgnoreCase) ? single : single.Concat(sets);
        return offered
            .Where(o => o.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(o => new CompletionResult(o.Name, o.Name, CompletionResultType.ParameterValue, o.Tip));
    }

    private static string Describe(Strategy strategy) =>
        Strategies.StrategyCatalog.Default.Contains(strategy) ? strategy.Toolchain().Description : strategy.ToString();
}
