using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Remoting;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Strategies;

/// <summary>
/// Runspaces in PowerShell remoting sessions on other hosts (SSH or WinRM), Workers per host, one task per round
/// trip. The catalog's own knows no hosts; a command that runs Remote uses one made for its <see cref="RemoteTarget"/>.
/// </summary>
internal sealed class RemoteToolchain : StrategyToolchain
{
    private readonly RemoteTarget? target;

    public RemoteToolchain() { }

    public RemoteToolchain(RemoteTarget target) => this.target = target;

    public override Strategy Strategy => Strategy.Remote;
    public override string Description => "Remote: Workers remoting sessions per -HostName (SSH), or your -Session; not in All";
    public override StrategyTraits Traits => StrategyTraits.OtherHosts;
    public override int Simplicity => 7;
    public override IReadOnlyList<string> OwnParameters { get; } = ["HostName", "Session", "UserName", "KeyFilePath", "Port", "Options"];
    public override IReadOnlyList<string> Shades { get; } = ["#9467bd", "#c5b0d5", "#5b3a8c"];

    public override string Starting(StrategyPlan plan, ExecutorOptions options) =>
        $"Remote: opening {plan.Workers} remoting session(s) and mapping each host's clock";

    /// <summary>Every session: -Workers per host, or one per session given.</summary>
    public override int Lanes(int workers) => target?.Lanes(workers) ?? workers;

    public override string? Refuses(WorkloadInfo workload) => RemoteTaskScript.FindProblem(workload.Name, workload.NumericPayload);

    public override string Command(AnswerCommand c) =>
        $"Invoke-Command -Session $sessions -ScriptBlock {c.Block}{(c.TakesItem ? $" -ArgumentList {c.Result.Arguments}" : "")}  # {c.Workers} session(s)";

    /// <param name="workers">Every lane of the plan (<see cref="Lanes"/>): back to sessions per host here.</param>
    public override IExecutor CreateExecutor(int workers, int threadsPerWorker, Workload workload, ExecutorOptions options)
    {
        if (target is null) throw new InvalidOperationException("Remote needs hosts: name them with -HostName, or pass sessions with -Session.");
        return new RemoteExecutor(target, target.UsesOwnSessions ? 1 : Math.Max(1, workers / Math.Max(1, target.HostNames.Count)), workload, options);
    }
}
