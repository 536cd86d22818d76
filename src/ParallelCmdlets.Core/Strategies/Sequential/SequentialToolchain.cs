using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Strategies;

/// <summary>The plain loop: one task after another on one thread, the baseline of every speedup.</summary>
public sealed class SequentialToolchain : StrategyToolchain
{
    public override Strategy Strategy => Strategy.Sequential;
    public override string Description => "Sequential: one task at a time, the baseline";
    public override StrategyTraits Traits => StrategyTraits.Baseline | StrategyTraits.PerTaskTimeout;
    public override int Simplicity => 0;
    public override ChartMarker Marker => ChartMarker.Diamond;
    public override IReadOnlyList<string> Shades { get; } = ["#57606a", "#8c959f", "#3b4148"];

    public override string Starting(StrategyPlan plan, ExecutorOptions options) => "Sequential: preparing the loop";

    public override string Command(AnswerCommand command) =>
        command.TakesItem ? $"foreach ($item in $items) {{ & {command.Block} $item }}"
        : $"foreach ($item in $items) {{ & {command.Block} }}";

    public override IExecutor CreateExecutor(int workers, int threadsPerWorker, Workload workload, ExecutorOptions options) =>
        new SequentialExecutor(workload, options);
}
