namespace ParallelCmdlets;

/// <summary>How the tasks of a run are executed.</summary>
// Written by name by PowerShell's ConvertTo-Json (Json.NET), as Export-Csv and Format-Table already show it.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
public enum Strategy
{
    /// <summary>One task after another on one thread.</summary>
    Sequential,
    /// <summary>A pool of dedicated threads in this process, fed from one queue.</summary>
    Threads,
    /// <summary>A warm pool of worker processes, each with one or more threads, fed from one queue.</summary>
    Processes,
    /// <summary>PowerShell's ForEach-Object -Parallel, with -ThrottleLimit set to the workers.</summary>
    ForEachParallel,
    /// <summary>PowerShell's Start-ThreadJob, with -ThrottleLimit set to the workers; results through Receive-Job.</summary>
    ThreadJob,
    /// <summary>PowerShell's Start-Job: a new pwsh process per task, at most Workers at once, results serialised back.</summary>
    Job,
    /// <summary>A RunspacePool of Workers runspaces fed with BeginInvoke, as module authors write it.</summary>
    RunspacePool,
    /// <summary>Runspaces in PowerShell remoting sessions on other hosts (SSH or WinRM), Workers per host, one task per round trip.</summary>
    Remote,
}

/// <summary>How a task ended.</summary>
// Written by name by PowerShell's ConvertTo-Json (Json.NET), as Export-Csv and Format-Table already show it.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
public enum TaskState
{
    Completed,
    Failed,
    Cancelled,
}

/// <summary>What the strategies are, grouped as users ask for them, and what each is, read from its toolchain.</summary>
public static class StrategySets
{
    /// <summary>Every strategy that runs on this machine alone, the baseline first, in the enum's order. Remote is not in it: it needs hosts.</summary>
    public static IReadOnlyList<Strategy> All => Enum.GetValues<Strategy>().Where(s => !s.Has(Strategies.StrategyTraits.OtherHosts)).ToList();

    /// <summary>The baseline and PowerShell's own tools.</summary>
    public static IReadOnlyList<Strategy> PowerShell =>
        Enum.GetValues<Strategy>().Where(s => s.Has(Strategies.StrategyTraits.Baseline) || s.Has(Strategies.StrategyTraits.PowerShellTool)).ToList();

    /// <summary>Names that stand for several strategies in -Strategy: "PowerShell" (the baseline and PowerShell's tools) and "All".</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Strategy>> Sets => new Dictionary<string, IReadOnlyList<Strategy>>(StringComparer.OrdinalIgnoreCase)
    {
        ["PowerShell"] = PowerShell,
        ["All"] = All,
    };

    /// <summary>The strategy's toolchain in the catalog of this process.</summary>
    public static Strategies.StrategyToolchain Toolchain(this Strategy strategy) => Strategies.StrategyCatalog.Default[strategy];

    public static bool Has(this Strategy strategy, Strategies.StrategyTraits traits) => strategy.Toolchain().Has(traits);

    /// <summary>The plain loop every speedup is measured against.</summary>
    public static bool IsBaseline(this Strategy strategy) => strategy.Has(Strategies.StrategyTraits.Baseline);

    public static bool IsPowerShellTool(this Strategy strategy) => strategy.Has(Strategies.StrategyTraits.PowerShellTool);

    /// <summary>Whether the tasks run on other hosts, through PowerShell remoting.</summary>
    public static bool IsRemote(this Strategy strategy) => strategy.Has(Strategies.StrategyTraits.OtherHosts);

    /// <summary>Whether the tasks run in other processes, whose CPU and collections are counted apart from this one's.</summary>
    public static bool RunsInWorkerProcesses(this Strategy strategy) => strategy.Has(Strategies.StrategyTraits.WorkerProcesses);

    /// <summary>Whether each task starts a process of its own (counted through this process's reaped children).</summary>
    public static bool StartsProcessPerTask(this Strategy strategy) => strategy.Has(Strategies.StrategyTraits.ProcessPerTask);

    /// <summary>
    /// Whether the tool runs a user's block as users write it without a scope of its own (dot-sourced into its
    /// runspace, where PowerShell keeps variables in a dictionary instead of its optimised locals), so the fixed
    /// form (<see cref="WrappedForm"/>) is a different measurement.
    /// </summary>
    public static bool RunsBlockWithoutScope(this Strategy strategy) => strategy.Has(Strategies.StrategyTraits.BlockWithoutScope);

    /// <summary>How the fixed form gives the block a scope of its own: "& { }" around the body, or "local scope" for a pool.</summary>
    public static string WrappedForm(this Strategy strategy) => strategy.Toolchain().WrappedForm;
}

/// <summary>How a task's argument and result reach a worker process (the Processes strategy).</summary>
public enum TransferMode
{
    /// <summary>Copied through the worker's socket, both ways.</summary>
    Copy,
    /// <summary>
    /// Left in a memory-mapped file both processes map: only a small header crosses the socket. For workloads
    /// whose argument and result are arrays of doubles.
    /// </summary>
    SharedMemory,
}

/// <summary>Names for a strategy together with how it moved data.</summary>
public static class TransferModes
{
    /// <summary>"Processes", or "Processes (SharedMemory)" when its data did not travel the default way.</summary>
    public static string Name(Strategy strategy, TransferMode mode) =>
        mode == TransferMode.Copy ? strategy.ToString() : $"{strategy} ({mode})";

    /// <summary>As <see cref="Name(Strategy, TransferMode)"/>, and "ForEachParallel (& { })" for the fixed form of a tool's run (see <see cref="StrategySets.RunsBlockWithoutScope"/>).</summary>
    public static string Name(Strategy strategy, TransferMode mode, bool wrapped) =>
        wrapped ? $"{strategy} ({strategy.WrappedForm()})" : Name(strategy, mode);
}
