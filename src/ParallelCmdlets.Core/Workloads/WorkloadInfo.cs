namespace ParallelCmdlets;

/// <summary>What mainly limits a workload's speed.</summary>
// Written by name by PowerShell's ConvertTo-Json (Json.NET), as Export-Csv and Format-Table already show it.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
public enum WorkloadBound
{
    /// <summary>An interpreter lets one thread run at a time.</summary>
    Interpreter,
    /// <summary>Pure computation: scales with free cores.</summary>
    Cpu,
    /// <summary>Computation that already uses every core by itself.</summary>
    MultiCore,
    /// <summary>Waiting, not computing: scales past the core count.</summary>
    Io,
    /// <summary>Moving large data dominates.</summary>
    Memory,
    /// <summary>User code: not known in advance.</summary>
    Unknown,
    /// <summary>One lock taken for every step lets one thread run at a time, as CPython's GIL does.</summary>
    Lock,
}

/// <summary>The descriptive facts of one workload, as Get-Workload shows them.</summary>
public sealed class WorkloadInfo
{
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public long DefaultSize { get; init; }
    public string SizeUnit { get; init; } = "";
    public WorkloadBound Bound { get; init; }

    /// <summary>Which of the article's four experiments this is (1 to 4), or null for the twins.</summary>
    public int? SeedExperiment { get; init; }

    /// <summary>True when a task needs a PowerShell engine, so process workers must load one.</summary>
    public bool RequiresPowerShell { get; init; }

    /// <summary>True when a task's argument and result are arrays of doubles, which -TransferMode SharedMemory can leave in shared memory.</summary>
    public bool NumericPayload { get; init; }

    /// <summary>The largest size the workload can make (its argument is one .NET array), or null when it has no limit of its own.</summary>
    public long? MaxSize { get; init; }

    /// <summary>
    /// The bytes a run needs at its peak, over all processes, for workloads large by nature; null for the small.
    /// Internal: a model the module checks before a run, not a fact Get-Workload shows.
    /// </summary>
    internal Func<Measurement.MemoryShape, long>? PeakBytes { get; init; }

    public override string ToString() => Name;
}
