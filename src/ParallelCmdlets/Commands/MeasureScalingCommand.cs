using System.Management.Automation;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Sweeps worker counts, sizes and the worker processes' GC modes: at each size one controlled comparison of
/// every strategy at every worker count (Processes once per GC mode) against Sequential, written as one
/// ScalingPoint per (strategy, workers, size, GC mode).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "Scaling", DefaultParameterSetName = WorkloadSet)]
[OutputType(typeof(ScalingPoint))]
public sealed class MeasureScalingCommand : WorkloadCommandBase
{
    /// <summary>The worker counts to measure; default 1 up to the logical core count.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[] Workers { get; set; } = Enumerable.Range(1, Environment.ProcessorCount).ToArray();

    /// <summary>The sizes to measure (see Get-Workload for the unit); default the workload's own.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [WholeSize]
    public long[] Size { get; set; } = [];

    /// <summary>The strategies to sweep; Sequential is always measured as each size's baseline.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StrategyCompleter))]
    public string[] Strategy { get; set; } = ["Threads", "Processes"];

    /// <summary>
    /// The collectors to run the worker processes under, side by side: Processes is measured once per mode at
    /// every worker count. Sequential and Threads run in this process, under its collector, once.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public WorkerGcMode[] GcMode { get; set; } = [WorkerGcMode.Workstation];

    [Parameter]
    public int Repeat { get; set; } = RepeatValidation.DefaultRepeat;

    [Parameter]
    public int Warmup { get; set; } = 1;

    /// <summary>The most the whole sweep may take, shared evenly by its sizes.</summary>
    [Parameter]
    [ValidateRange(1, double.MaxValue)]
    public double MaxSeconds { get; set; } = DefaultMaxSeconds;

    /// <summary>Ten minutes: a sweep runs several comparisons' worth of pools.</summary>
    public const double DefaultMaxSeconds = 600;

    protected override IReadOnlyList<int> WorkerCounts => Workers;
    protected override IReadOnlyList<long> SizesAsked => Size;
    protected override IReadOnlyList<WorkerGcMode> GcModes => GcMode;

    protected override IReadOnlyList<Strategy> RequestedStrategies =>
        StrategyNames.Parse(this, Strategy).Prepend(Strategies.StrategyCatalog.Baseline).Distinct().ToList();

    protected override void ProcessRecord()
    {
        RepeatValidation.Check(this, Repeat, Warmup);
        var first = BuildRequest(keepOutput: false);
        var sizes = Size.Length > 0 ? Size.Distinct().ToArray() : [first.Spec.Size];
        var requests = sizes.Select(size => BuildRequest(keepOutput: false, size)).ToList();
        var strategyPlans = ScalingSweep.Plans(RequestedStrategies, Workers, ThreadsPerWorker, GcMode);
        var failures = NewTaskFailureLog();
        RunOnWorkerThreads($"Measure-Scaling {first.Info.Name}", (progress, cancellation) =>
        {
            progress.OnTask = failures.Add;
            progress.LabelWorkers = true;
            var share = MaxSeconds / sizes.Length;
            foreach (var (request, index) in requests.Select((r, i) => (r, i)))
            {
                progress.BeginExperiment(index, requests.Count);
                progress.Phase($"Size {request.Spec.Size}: {strategyPlans.Count} pools, {Repeat} rounds");
                var experiment = new ExperimentRequest(request.Catalog, request.Spec, request.Options, strategyPlans, Repeat, Warmup, PowerShellVersion)
                {
                    MaxSeconds = share,
                    Arguments = ArgumentsSource,
                    // The repeats are fixed (every point of a sweep has as many); the warm-up runs until steady unless -Warmup fixes it.
                    Sampling = new SamplingPlan { Repeat = Repeat, Warmup = MyInvocation.BoundParameters.ContainsKey(nameof(Warmup)) ? Warmup : null },
                };
                IReadOnlyList<StrategyResult> results;
                try
                {
                    results = Experiment.Compare(experiment, progress, cancellation);
                }
                catch (OverBudgetException over) when (sizes.Length > 1)
                {
                    throw new OverBudgetException(
                        $"At size {request.Spec.Size}: {over.Message} (Each of the {sizes.Length} sizes has {share:0.#} s of -MaxSeconds {MaxSeconds:0.#}; the points of the sizes measured before were written.)",
                        over.EstimatedSeconds);
                }
                // Each size's points go out as soon as it is done, so a later refusal or Ctrl+C keeps them.
                var size = request.Spec.Size;
                progress.Post(() => WriteSize(results, size));
                progress.Post(failures.WriteAll);
            }
            return 0;
        });
    }

    /// <summary>A sweep's points are many results of one workload: their warnings end as one line.</summary>
    protected override bool HoldsWarnings => true;

    protected override bool HoldsAllInOneLine => true;

    private void WriteSize(IReadOnlyList<StrategyResult> results, long size)
    {
        var severalGcModes = GcMode.Distinct().Count() > 1;
        foreach (var result in results)
        {
            var gc = severalGcModes && result.Strategy.RunsInWorkerProcesses() ? $" ({result.GcMode})" : "";
            WriteResultWarnings(result.Workload, $"{result.Workload} {result.Strategy}{gc} ×{result.Workers} at size {size}", result.GetWarnings());
        }
        foreach (var point in ScalingSweep.Points(results, size, Environment.ProcessorCount)) WriteObject(point);
    }
}
