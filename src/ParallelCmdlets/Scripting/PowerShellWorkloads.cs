using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Scripting;

/// <summary>The catalog the module offers: the compiled workloads plus those that need a PowerShell engine.</summary>
public static class PowerShellWorkloads
{
    public static WorkloadCatalog CreateCatalog() =>
        WorkloadCatalog.CreateBuiltIn().Add(ScriptLoopWorkload.Info, spec => new ScriptLoopWorkload(spec));

    /// <summary>The catalog a worker with a PowerShell engine uses: it must also make ScriptBlock workloads from their spec.</summary>
    public static WorkloadCatalog CreateWorkerCatalog() =>
        CreateCatalog().Add(ScriptBlockWorkload.Info, spec => new ScriptBlockWorkload(spec));
}

/// <summary>
/// Entry point of a worker with a PowerShell engine (the module's worker started by PowerShellWorkerLauncher, or pwsh by PwshWorkerLauncher): the same loop as the compiled
/// worker, with a PowerShell engine at hand for ScriptBlock and ScriptLoop tasks.
/// </summary>
public static class PowerShellWorker
{
    public static int Run(string[] args) => Worker.WorkerHost.Run(args, PowerShellWorkloads.CreateWorkerCatalog());
}
