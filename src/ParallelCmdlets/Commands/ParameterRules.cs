using System.Management.Automation;
using ParallelCmdlets.Strategies;

namespace ParallelCmdlets.Commands;

/// <summary>A parameter refused, with what the error record needs: its id, category, the value at fault and why.</summary>
internal sealed record Refusal(string Id, ErrorCategory Category, object? Target, string Message);

/// <summary>What a workload command was asked, as its parameters bound it: all <see cref="ParameterRules"/> read.</summary>
internal sealed record ParameterChoice
{
    /// <summary>The names of the parameters the user gave (MyInvocation.BoundParameters' keys).</summary>
    public IReadOnlyCollection<string> Bound { get; init; } = [];
    public IReadOnlyList<Strategy> Strategies { get; init; } = [];
    public StrategyCatalog Toolchains { get; init; } = StrategyCatalog.Default;
    public IReadOnlyList<int> WorkerCounts { get; init; } = [Environment.ProcessorCount];
    public int ThreadsPerWorker { get; init; } = 1;
    public int Tasks { get; init; } = 1;
    public IReadOnlyList<long> Sizes { get; init; } = [];
    public double TimeoutSeconds { get; init; }
    public IReadOnlyList<WorkerGcMode> GcModes { get; init; } = [];
    public bool SharedMemoryAsked { get; init; }
    public bool UseNewRunspace { get; init; }

    public bool Has(string parameter) => Bound.Contains(parameter, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The rules a workload command's parameters must keep together, first broken first: ranges, and the parameters that
/// belong to one kind of strategy (worker processes' threads, collector and transfer mode; a per-task timeout; Remote's
/// hosts; ForEach-Object -Parallel's switch), read from the toolchains' traits. Pure: tested without a PowerShell host.
/// </summary>
internal static class ParameterRules
{
    public const int MaxWorkers = 1024;

    /// <summary>Socket and timer waits take whole milliseconds in an int: the longest timeout the runtime honours (about 24 days).</summary>
    public const double MaxTimeoutSeconds = int.MaxValue / 1000;

    /// <summary>The name every command gives its -GcMode parameter, scalar or array.</summary>
    public const string GcModeParameter = "GcMode";

    public static Refusal? FirstProblem(ParameterChoice c)
    {
        foreach (var workers in c.WorkerCounts)
            if (workers < 1 || workers > MaxWorkers)
                return Invalid(ErrorIds.WorkersOutOfRange, workers,
                    $"-Workers must be between 1 and {MaxWorkers}; it was {workers}. This machine has {Environment.ProcessorCount} logical cores, the default.");
        if (c.ThreadsPerWorker < 1 || c.ThreadsPerWorker > MaxWorkers)
            return Invalid(ErrorIds.ThreadsPerWorkerOutOfRange, c.ThreadsPerWorker, $"-ThreadsPerWorker must be between 1 and {MaxWorkers}; it was {c.ThreadsPerWorker}.");
        var workerProcesses = c.Strategies.Any(s => c.Toolchains[s].Has(StrategyTraits.WorkerProcesses));
        if (c.Has("ThreadsPerWorker") && !workerProcesses)
            return Invalid(ErrorIds.ThreadsPerWorkerNeedsProcesses, c.ThreadsPerWorker,
                "-ThreadsPerWorker applies to worker processes only. Use it with -Strategy Processes, or leave it out.");
        if (c.Has(GcModeParameter) && !workerProcesses)
            return Invalid(ErrorIds.GcModeNeedsProcesses, c.GcModes.Count == 1 ? c.GcModes[0] : c.GcModes,
                "-GcMode sets the collector of worker processes. Use it with -Strategy Processes; to measure threads under another collector, run them inside one worker: -Strategy Processes -Workers 1 -ThreadsPerWorker N.");
        if (c.Has("TimeoutSeconds") && c.Strategies.Where(s => !c.Toolchains[s].Has(StrategyTraits.PerTaskTimeout)).Take(1).ToList() is [var tool])
            return Invalid(ErrorIds.TimeoutNeedsModuleStrategy, tool,
                $"-TimeoutSeconds applies to Sequential, Threads and Processes. {tool} is measured as PowerShell runs it, and it has no per-task timeout of its own; leave -TimeoutSeconds out, or compare the tools with -MaxSeconds, which bounds the whole comparison.");
        if (c.SharedMemoryAsked && !workerProcesses)
            return Invalid(ErrorIds.TransferModeNeedsProcesses, TransferMode.SharedMemory,
                "-TransferMode SharedMemory sets how data reaches worker processes: threads already share it. Use it with -Strategy Processes, or leave it out.");
        if (RemoteArguments.FindProblem(c.Bound, c.Strategies) is { } remote)
            return Invalid(remote.Id, c.Toolchains.First(StrategyTraits.OtherHosts), remote.Message);
        if (c.UseNewRunspace && !c.Strategies.Intersect(c.Toolchains.Taking("UseNewRunspace")).Any())
            return Invalid(ErrorIds.UseNewRunspaceNeedsForEachParallel, c.UseNewRunspace,
                "-UseNewRunspace is ForEach-Object -Parallel's switch. Use it with -Strategy ForEachParallel, or leave it out.");
        if (c.Tasks < 1)
            return Invalid(ErrorIds.TasksOutOfRange, c.Tasks, $"-Tasks must be at least 1; it was {c.Tasks}.");
        foreach (var size in c.Sizes)
            if (size <= 0)
                return Invalid(ErrorIds.SizeOutOfRange, size, $"-Size must be greater than 0; it was {size}. Leave it out to use the workload's default (see Get-Workload).");
        if (c.Has("TimeoutSeconds") && !(c.TimeoutSeconds > 0 && c.TimeoutSeconds <= MaxTimeoutSeconds))
            return Invalid(ErrorIds.TimeoutOutOfRange, c.TimeoutSeconds,
                $"-TimeoutSeconds must be greater than 0 and at most {MaxTimeoutSeconds:N0} (about 24 days, the longest wait .NET can time); it was {c.TimeoutSeconds}. Leave it out for no limit.");
        return null;
    }

    private static Refusal Invalid(string id, object? target, string message) => new(id, ErrorCategory.InvalidArgument, target, message);
}
