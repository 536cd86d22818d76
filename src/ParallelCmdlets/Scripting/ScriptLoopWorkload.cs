using System.Management.Automation.Runspaces;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Scripting;

/// <summary>
/// The article's loop written in PowerShell and run in a runspace: the interpreted twin of Loop. Threads get
/// one runspace each, made before the timed run; processes get a runspace inside the worker that loads PowerShell.
/// </summary>
public sealed class ScriptLoopWorkload(WorkloadSpec spec) : Workload(spec)
{
    public static readonly WorkloadInfo Info = new()
    {
        Name = "ScriptLoop",
        Description = "The Loop written in PowerShell, run in a runspace per worker: interpreted, but with no global lock.",
        DefaultSize = 6_000_000,
        SizeUnit = "iterations",
        Bound = WorkloadBound.Interpreter,
        SeedExperiment = null,
        RequiresPowerShell = true,
    };

    internal const string Script = """
        param([long] $n)
        $d = @{}
        for ($i = 0; $i -lt $n; $i++) { $d[$i % 10] = $i }
        $d
        """;

    public override object? CreateWorkerState() => PowerShellTask.OpenRunspace(Script);

    public override void ReleaseWorkerState(object? state) => (state as Runspace)?.Dispose();

    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
    {
        var runspace = workerState as Runspace ?? throw new InvalidOperationException("ScriptLoop needs its worker's runspace.");
        PowerShellTask.Invoke(runspace, [Spec.Size], taskId, cancellation);
        return null;
    }
}
