namespace ParallelCmdlets.Strategies;

/// <summary>
/// Every strategy's toolchain, as WorkloadCatalog lists workloads. The core brings its own three (Sequential,
/// Threads, Processes); the module registers PowerShell's tools and Remote, which need a PowerShell engine. A
/// command that runs Remote on particular hosts uses a copy <see cref="With"/> its configured toolchain.
/// </summary>
public sealed class StrategyCatalog
{
    private static StrategyCatalog registered = new(new StrategyToolchain[] { new SequentialToolchain(), new ThreadsToolchain(), new ProcessesToolchain() });

    private readonly IReadOnlyDictionary<Strategy, StrategyToolchain> toolchains;

    private StrategyCatalog(IEnumerable<StrategyToolchain> toolchains) =>
        this.toolchains = toolchains.ToDictionary(t => t.Strategy);

    /// <summary>The toolchains registered in this process: the core's, and the module's once it is loaded.</summary>
    public static StrategyCatalog Default => Volatile.Read(ref registered);

    /// <summary>Adds (or replaces) toolchains in <see cref="Default"/>; the module calls it as it loads.</summary>
    public static void Register(params StrategyToolchain[] added)
    {
        StrategyCatalog current, next;
        do
        {
            current = Default;
            next = current.With(added);
        } while (Interlocked.CompareExchange(ref registered, next, current) != current);
    }

    /// <summary>This catalog with <paramref name="replacements"/> in place of the toolchains of their strategies.</summary>
    public StrategyCatalog With(params StrategyToolchain[] replacements) =>
        new(toolchains.Values.Where(t => replacements.All(r => r.Strategy != t.Strategy)).Concat(replacements));

    public StrategyToolchain this[Strategy strategy] =>
        toolchains.TryGetValue(strategy, out var toolchain)
            ? toolchain
            : throw new NotSupportedException($"The {strategy} strategy needs a PowerShell engine: run it from the ParallelCmdlets module.");

    /// <summary>The strategy every speedup is measured against: the plain loop.</summary>
    public static Strategy Baseline => Default.First(StrategyTraits.Baseline);

    /// <summary>The first strategy, in the enum's order, with <paramref name="traits"/>.</summary>
    public Strategy First(StrategyTraits traits) => All.First(t => t.Has(traits)).Strategy;

    /// <summary>The strategies that take the parameter named, which is theirs alone (-UseNewRunspace, -HostName, …).</summary>
    public IEnumerable<Strategy> Taking(string parameter) =>
        All.Where(t => t.OwnParameters.Contains(parameter, StringComparer.OrdinalIgnoreCase)).Select(t => t.Strategy);

    public bool Contains(Strategy strategy) => toolchains.ContainsKey(strategy);

    /// <summary>Every toolchain here, in the order of the <see cref="Strategy"/> enum.</summary>
    public IEnumerable<StrategyToolchain> All => toolchains.Values.OrderBy(t => t.Strategy);
}
