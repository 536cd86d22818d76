using System.Management.Automation;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Scripting;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Commands;

/// <summary>Everything needed to run one workload, checked before anything starts.</summary>
internal sealed record WorkloadRequest(WorkloadInfo Info, WorkloadSpec Spec, WorkloadCatalog Catalog, ExecutorOptions Options);

/// <summary>
/// What a running cmdlet was asked to run, as data: a built-in workload by name, or a ScriptBlock with its arguments
/// and the caller's <c>$using:</c> values (read from the session by the cmdlet, the one thing only it can do), and
/// the parameters that decide whether and how it can run.
/// </summary>
internal sealed record WorkloadAsk
{
    /// <summary>The built-in workload's name; ignored when <see cref="ScriptBlock"/> is set.</summary>
    public string WorkloadName { get; init; } = "";

    public ScriptBlock? ScriptBlock { get; init; }
    public ScriptBlock? InitializationScript { get; init; }
    public object?[] ArgumentList { get; init; } = [];
    public IReadOnlyDictionary<string, object?> UsingValues { get; init; } = new Dictionary<string, object?>();

    public int Tasks { get; init; } = 16;

    /// <summary>The size to run at; null for the workload's own default.</summary>
    public long? Size { get; init; }

    public IReadOnlyList<Strategy> Strategies { get; init; } = [];
    public required ParallelCmdlets.Strategies.StrategyCatalog Toolchains { get; init; }

    /// <summary>The most workers any of the runs uses, for the memory check.</summary>
    public int Workers { get; init; } = 1;

    public int ThreadsPerWorker { get; init; } = 1;
    public bool SharedMemoryAsked { get; init; }
    public bool KeepOutput { get; init; }
    public double? TimeoutSeconds { get; init; }
    public WorkerGcMode WorkerGcMode { get; init; } = WorkerGcMode.Workstation;
    public bool UseNewRunspace { get; init; }

    /// <summary>The memory this machine has for the run, for the memory check.</summary>
    public long MemoryBytes { get; init; } = MemoryEstimate.TotalMemoryBytes;
}

/// <summary>
/// Turns what was asked into a request every strategy can run, or the first reason it cannot: an unknown workload,
/// a size beyond the machine's memory, shared memory for a workload without numeric payloads, a strategy that
/// refuses the workload. Needs no PowerShell host, so each refusal is tested as data.
/// </summary>
internal static class WorkloadRequests
{
    public static (WorkloadRequest? Request, Refusal? Refusal) Build(WorkloadAsk ask)
    {
        var catalog = PowerShellWorkloads.CreateCatalog();
        WorkloadInfo info;
        WorkloadSpec spec;
        if (ask.ScriptBlock is { } script)
        {
            info = ScriptBlockWorkload.Info;
            spec = ScriptBlockWorkload.CreateSpec(script, ask.Tasks, ask.Size ?? info.DefaultSize, ask.InitializationScript, ask.UsingValues);
            var arguments = ask.ArgumentList;
            var usingValues = ask.UsingValues;
            catalog.Add(info, s => new ScriptBlockWorkload(s, arguments, usingValues));
        }
        else
        {
            if (!catalog.TryGetInfo(ask.WorkloadName, out info))
                return (null, new Refusal(ErrorIds.UnknownWorkload, ErrorCategory.ObjectNotFound, ask.WorkloadName,
                    $"There is no workload named '{ask.WorkloadName}'. Known workloads: {string.Join(", ", catalog.Names)}. Or pass your own code with -ScriptBlock."));
            var size = ask.Size ?? info.DefaultSize;
            spec = new WorkloadSpec(info.Name, size, ask.Tasks);
            if (MemoryCheck.Problem(info, size, ask.Strategies, ask.Workers, ask.ThreadsPerWorker, ask.MemoryBytes) is { } tooLarge)
                return (null, tooLarge);
        }
        if (ask.SharedMemoryAsked && !info.NumericPayload)
            return (null, new Refusal(ErrorIds.TransferModeNeedsNumericPayload, ErrorCategory.InvalidArgument, info.Name,
                $"-TransferMode SharedMemory leaves a task's argument and result in memory both processes map, which works for workloads whose argument and result are arrays of doubles ({string.Join(", ", catalog.Names.Where(n => catalog.TryGetInfo(n, out var i) && i.NumericPayload))}); {info.Name}'s are not. Use -TransferMode Copy, or leave it out."));
        foreach (var strategy in ask.Strategies)
            if (ask.Toolchains[strategy].Refuses(info) is { } problem)
                return (null, new Refusal(ErrorIds.StrategyCannotRunWorkload, ErrorCategory.InvalidArgument, strategy, problem));
        var options = new ExecutorOptions
        {
            KeepOutput = ask.KeepOutput,
            TimeoutSeconds = ask.TimeoutSeconds,
            Launcher = WorkerLauncherChoice.For(info),
            WorkerGcMode = ask.WorkerGcMode,
            Toolchains = ask.Toolchains,
            UseNewRunspace = ask.UseNewRunspace,
        };
        return (new WorkloadRequest(info, spec, catalog, options), null);
    }
}
