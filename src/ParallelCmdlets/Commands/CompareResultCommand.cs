using System.Management.Automation;
using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Before and after: matches current results with a baseline (objects, or files written by Export-Result) row by
/// row and says for each whether it got faster, slower or stayed the same, with the ratio's interval and the
/// comparison's own significance test. Warns when the two environments differ; -FailOnRegression ends with a
/// terminating error when any row is significantly slower, so a Pester test or CI step fails.
/// </summary>
[Cmdlet(VerbsData.Compare, "Result")]
[OutputType(typeof(ResultComparison))]
public sealed class CompareResultCommand : PSCmdlet
{
    private readonly List<StrategyResult> baseline = [];
    private readonly List<StrategyResult> current = [];

    /// <summary>The results before: StrategyResult or ScalingPoint objects, or paths of files written by Export-Result.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("ReferenceObject")]
    public PSObject[] Baseline { get; set; } = [];

    /// <summary>The results now, in the same forms; usually piped from Compare-Strategy, Measure-Strategy or Measure-Scaling.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [Alias("Difference", "DifferenceObject")]
    public PSObject[] Current { get; set; } = [];

    /// <summary>End with a terminating error (Regression) after the rows are written when any is significantly slower.</summary>
    [Parameter]
    public SwitchParameter FailOnRegression { get; set; }

    protected override void BeginProcessing()
    {
        foreach (var item in Baseline) baseline.AddRange(ResultInput.Read(this, item).Select(e => e.Result));
        if (baseline.Count == 0)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("The baseline holds no results. Pass the output of Compare-Strategy, Measure-Strategy or Measure-Scaling, or a file Export-Result wrote."),
                ErrorIds.NoBaseline, ErrorCategory.InvalidArgument, Baseline));
    }

    protected override void ProcessRecord()
    {
        foreach (var item in Current) current.AddRange(ResultInput.Read(this, item).Select(e => e.Result));
    }

    protected override void EndProcessing()
    {
        var set = ResultComparer.Compare(baseline, current);
        foreach (var difference in set.EnvironmentDifferences)
            WriteWarning($"The environments differ, so a change may come from the machine, not the code: {difference}");
        foreach (var r in set.OnlyInBaseline)
            WriteWarning($"Only in the baseline, not compared: {Describe(r)}");
        foreach (var r in set.OnlyInCurrent)
            WriteWarning($"No baseline for {Describe(r)}");
        if (set.Rows.Count == 0)
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException("No result matched one in the baseline by workload, size, strategy, workers, threads per worker and transfer mode, so nothing was compared."),
                ErrorIds.NothingMatched, ErrorCategory.InvalidData, Current));
        WriteObject(set.Rows, enumerateCollection: true);
        var regressions = set.Rows.Where(r => r.IsRegression).ToList();
        if (FailOnRegression && regressions.Count > 0)
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"{regressions.Count} of {set.Rows.Count} row(s) got significantly slower than the baseline: " +
                    string.Join("; ", regressions.Select(r => $"{Describe(r.Current!)}: {r.Summary}"))),
                ErrorIds.Regression, ErrorCategory.LimitsExceeded, regressions));
    }

    private static string Describe(StrategyResult r) =>
        $"{r.Workload} {r.StrategyName} ×{r.Workers}{(r.ThreadsPerWorker > 1 ? $"×{r.ThreadsPerWorker}" : "")}{(r.Size > 0 ? $" at size {r.Size}" : "")}";
}
