namespace ParallelCmdlets.Workloads;

/// <summary>
/// Everything needed to recreate a workload in any process: the worker receives this and nothing else.
/// </summary>
public sealed record WorkloadSpec(string Name, long Size, int Tasks)
{
    /// <summary>Source text for user code (a ScriptBlock), null for compiled workloads.</summary>
    public string? Text { get; init; }

    /// <summary>Opaque workload data, such as the serialised ArgumentList of a ScriptBlock.</summary>
    public byte[]? Data { get; init; }

    /// <summary>
    /// Values the code takes from the caller's session, captured when the command started and serialised (a
    /// ScriptBlock's $using: variables); null when it takes none.
    /// </summary>
    public byte[]? CallerValues { get; init; }
}
