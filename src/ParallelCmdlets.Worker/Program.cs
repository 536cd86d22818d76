using ParallelCmdlets.Workloads;
using ParallelCmdlets.Worker;

// The compiled workloads' worker process; PowerShell workloads run the same loop hosted in pwsh.
return WorkerHost.Run(args, WorkloadCatalog.CreateBuiltIn());
