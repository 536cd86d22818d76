using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.PowerShellTools;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Strategies;

/// <summary>
/// PowerShell's own tools as strategies, run as users write them. Each is measured with its own executor and
/// answered with the command users type; a compiled workload's Start-Job task imports this module in its new process.
/// </summary>
internal abstract class PowerShellToolToolchain : StrategyToolchain
{
    /// <summary>The module manifest, imported by Start-Job tasks that call a compiled workload.</summary>
    protected static string ModuleManifestPath =>
        Path.Combine(Path.GetDirectoryName(typeof(PowerShellToolToolchain).Assembly.Location)!, "ParallelCmdlets.psd1");

    public override string? Refuses(WorkloadInfo workload) => ToolTaskScript.FindProblem(workload.Name, workload.NumericPayload, Strategy);
}

/// <summary>ForEach-Object -Parallel with -ThrottleLimit set to the workers.</summary>
internal sealed class ForEachParallelToolchain : PowerShellToolToolchain
{
    public override Strategy Strategy => Strategy.ForEachParallel;
    public override string Description => "ForEachParallel: ForEach-Object -Parallel -ThrottleLimit Workers";
    public override StrategyTraits Traits => StrategyTraits.PowerShellTool | StrategyTraits.BlockWithoutScope;
    public override int Simplicity => 1;
    public override IReadOnlyList<string> OwnParameters { get; } = ["UseNewRunspace"];
    public override IReadOnlyList<string> Shades { get; } = ["#54a24b", "#88d27a", "#2d6a2a"];

    public override string Command(AnswerCommand c) =>
        c.TakesItem ? $"$items | ForEach-Object -ThrottleLimit {c.Workers} -Parallel {{ {(c.Wrapped ? "&" : ".")} {c.Block} $_ }}"
        : $"$items | ForEach-Object -ThrottleLimit {c.Workers} -Parallel {(c.Wrapped ? $"{{ & {c.Block} }}" : c.Block)}";

    public override IExecutor CreateExecutor(int workers, int threadsPerWorker, Workload workload, ExecutorOptions options) =>
        new ForEachParallelExecutor(workers, workload, options, ModuleManifestPath);
}

/// <summary>Start-ThreadJob with -ThrottleLimit set to the workers, results through Receive-Job.</summary>
internal sealed class ThreadJobToolchain : PowerShellToolToolchain
{
    public override Strategy Strategy => Strategy.ThreadJob;
    public override string Description => "ThreadJob: Start-ThreadJob -ThrottleLimit Workers, Receive-Job";
    public override StrategyTraits Traits => StrategyTraits.PowerShellTool | StrategyTraits.BlockWithoutScope;
    public override int Simplicity => 2;
    public override IReadOnlyList<string> Shades { get; } = ["#72b7b2", "#3f8f8a", "#a7d8d4"];

    public override string Command(AnswerCommand c) =>
        c.TakesItem ? $"$items | ForEach-Object {{ Start-ThreadJob -ThrottleLimit {c.Workers} -ScriptBlock {(c.Wrapped ? $"{{ & {c.Block} @args }}" : c.Block)} -ArgumentList $_ }} | Receive-Job -Wait -AutoRemoveJob"
        : $"$items | ForEach-Object {{ Start-ThreadJob -ThrottleLimit {c.Workers} -ScriptBlock {(c.Wrapped ? $"{{ & {c.Block} }}" : c.Block)} }} | Receive-Job -Wait -AutoRemoveJob";

    public override IExecutor CreateExecutor(int workers, int threadsPerWorker, Workload workload, ExecutorOptions options) =>
        new ThreadJobExecutor(workers, workload, options, ModuleManifestPath);
}

/// <summary>Start-Job: a new pwsh process per task, at most Workers at once, results serialised back.</summary>
internal sealed class JobToolchain : PowerShellToolToolchain
{
    public override Strategy Strategy => Strategy.Job;
    public override string Description => "Job: Start-Job, a new pwsh process per task, Workers at a time";
    public override StrategyTraits Traits => StrategyTraits.PowerShellTool | StrategyTraits.ProcessPerTask | StrategyTraits.CopiesPerProcess;
    public override int Simplicity => 3;
    public override IReadOnlyList<string> Shades { get; } = ["#e45756", "#ff9d98", "#a8322f"];
    public override string PerTaskCost => "starting a pwsh process";

    public override string Command(AnswerCommand c) =>
        $"$items | ForEach-Object {{ Start-Job -ScriptBlock {c.Block}{(c.TakesItem ? " -ArgumentList $_" : "")} }} | Receive-Job -Wait -AutoRemoveJob  # {c.Workers} at a time: Wait-Job -Any before the next";

    public override IExecutor CreateExecutor(int workers, int threadsPerWorker, Workload workload, ExecutorOptions options) =>
        new JobExecutor(workers, workload, options, ModuleManifestPath);
}

/// <summary>A RunspacePool of Workers runspaces fed with BeginInvoke, as module authors write it.</summary>
internal sealed class RunspacePoolToolchain : PowerShellToolToolchain
{
    public override Strategy Strategy => Strategy.RunspacePool;
    public override string Description => "RunspacePool: a pool of Workers runspaces with BeginInvoke";
    public override StrategyTraits Traits => StrategyTraits.PowerShellTool | StrategyTraits.BlockWithoutScope;
    public override int Simplicity => 4;
    public override IReadOnlyList<string> Shades { get; } = ["#b279a2", "#d6a5c9", "#7d4f71"];
    public override string PerTaskCost => "handing work to the pool and back";
    public override string WrappedForm => "local scope";
    public override string WrappedFormPhrase => "with AddScript(script, $true)";
    public override string ScopeFix => "use AddScript(script, $true)";

    public override string Command(AnswerCommand c) =>
        $"$pool = [runspacefactory]::CreateRunspacePool(1, {c.Workers}); $pool.Open(); $items | ForEach-Object {{ $ps = [powershell]::Create(); $ps.RunspacePool = $pool; $null = $ps.AddScript({c.Block}{(c.Wrapped ? ", $true" : "")}){(c.TakesItem ? ".AddArgument($_)" : "")}; $ps.BeginInvoke() }}";

    public override IExecutor CreateExecutor(int workers, int threadsPerWorker, Workload workload, ExecutorOptions options) =>
        new RunspacePoolExecutor(workers, workload, options, ModuleManifestPath);
}
