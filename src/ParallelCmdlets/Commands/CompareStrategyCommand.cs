using System.Management.Automation;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Measures the same tasks under several strategies (Sequential always included as the baseline) and says
/// which was fastest and why.
/// </summary>
[Cmdlet(VerbsData.Compare, "Strategy", DefaultParameterSetName = WorkloadSet)]
[OutputType(typeof(StrategyResult))]
public sealed class CompareStrategyCommand : WorkloadCommandBase
{
    /// <summary>Strategies to compare; Sequential is always measured as the baseline.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public Strategy[] Strategy { get; set; } = [ParallelCmdlets.Strategy.Sequential, ParallelCmdlets.Strategy.Threads, ParallelCmdlets.Strategy.Processes];

    [Parameter]
    public int Repeat { get; set; } = 3;

    [Parameter]
    public int Warmup { get; set; } = 1;

    /// <summary>Sequential first (it is the baseline), then the others in the order asked, each once.</summary>
    protected override IReadOnlyList<Strategy> RequestedStrategies =>
        Strategy.Prepend(ParallelCmdlets.Strategy.Sequential).Distinct().ToList();

    protected override void ProcessRecord()
    {
        RepeatValidation.Check(this, Repeat, Warmup);
        var plan = BuildPlan(keepOutput: false);
        var strategies = RequestedStrategies;
        var results = RunOnWorkerThreads((observer, cancellation) =>
        {
            observer.OnTask = WriteTaskError;
            using var runner = new ExperimentRunner(plan.Catalog, plan.Spec, plan.Options, observer);
            var measured = new List<StrategyResult>();
            for (var i = 0; i < strategies.Count; i++)
            {
                var strategy = strategies[i];
                observer.Reset(i + 1, $"Compare-Strategy {plan.Info.Name}: {strategy}", plan.Spec.Tasks * Repeat);
                var workers = strategy == ParallelCmdlets.Strategy.Sequential ? 1 : Workers;
                var threads = strategy == ParallelCmdlets.Strategy.Processes ? ThreadsPerWorker : 1;
                measured.Add(runner.Measure(new StrategyPlan(strategy, workers, threads), Repeat, Warmup, cancellation));
                observer.Complete();
            }
            return measured;
        });
        Verdicts.Annotate(results, Environment.ProcessorCount);
        // Written in the order asked; the Sequential baseline is written too, as the first row.
        foreach (var result in results) WriteObject(result);
    }
}
