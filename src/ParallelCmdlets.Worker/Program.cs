using ParallelCmdlets.Workloads;
using ParallelCmdlets.Worker;

// The warm pool's worker process. Compiled workloads run the core's loop directly. With --powershell, the same
// loop runs with the caller's PowerShell engine loaded in-process (ScriptBlocks, ScriptLoop): a pwsh process
// would first open a runspace of its own and import the module, which doubled a pool's start-up on 2 cores.
return PowerShellEngine.TryTake(ref args) is { } engine
    ? engine.RunWorker(args)
    : WorkerHost.Run(args, WorkloadCatalog.CreateBuiltIn());
