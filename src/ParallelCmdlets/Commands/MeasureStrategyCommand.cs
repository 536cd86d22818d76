using System.Management.Automation;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Commands;

/// <summary>Measures one strategy over several repeats and summarises them by their median.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "Strategy", DefaultParameterSetName = WorkloadSet)]
[OutputType(typeof(StrategyResult))]
public sealed class MeasureStrategyCommand : WorkloadCommandBase
{
    [Parameter]
    public Strategy Strategy { get; set; } = Strategy.Threads;

    /// <summary>Timed runs; the result is their median.</summary>
    [Parameter]
    public int Repeat { get; set; } = 3;

    /// <summary>Untimed runs first, so JIT and caches are warm.</summary>
    [Parameter]
    public int Warmup { get; set; } = 1;

    protected override IReadOnlyList<Strategy> RequestedStrategies => [Strategy];

    protected override void ProcessRecord()
    {
        RepeatValidation.Check(this, Repeat, Warmup);
        var plan = BuildPlan(keepOutput: false);
        var workers = Strategy == Strategy.Sequential ? 1 : Workers;
        var result = RunOnWorkerThreads((observer, cancellation) =>
        {
            observer.OnTask = WriteTaskError;
            observer.Reset(1, $"Measure-Strategy {plan.Info.Name} ({Strategy})", plan.Spec.Tasks * Repeat);
            using var runner = new ExperimentRunner(plan.Catalog, plan.Spec, plan.Options, observer);
            var measured = runner.Measure(new StrategyPlan(Strategy, workers, ThreadsPerWorker), Repeat, Warmup, cancellation);
            observer.Complete();
            return measured;
        });
        Verdicts.Annotate([result], Environment.ProcessorCount);
        WriteObject(result);
    }
}

internal static class RepeatValidation
{
    public static void Check(PSCmdlet cmdlet, int repeat, int warmup)
    {
        if (repeat < 1)
            cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Repeat must be at least 1; it was {repeat}."),
                ErrorIds.RepeatOutOfRange, ErrorCategory.InvalidArgument, repeat));
        if (warmup < 0)
            cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Warmup must be 0 or more; it was {warmup}."),
                ErrorIds.WarmupOutOfRange, ErrorCategory.InvalidArgument, warmup));
    }
}
