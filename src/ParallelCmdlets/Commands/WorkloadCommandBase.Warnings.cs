using System.Management.Automation;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Commands;

/// <summary>How the measuring commands write results' warnings: every one under -Verbose, few on the console.</summary>
public abstract partial class WorkloadCommandBase
{
    /// <summary>Results whose warnings wait for the end of the pipeline: workloads piped in, or a sweep's points.</summary>
    private readonly List<(string Workload, string Label, IReadOnlyList<string> Warnings)> heldWarnings = [];

    /// <summary>Whether this command's warnings wait for its end, where one line can speak for many results.</summary>
    protected virtual bool HoldsWarnings => MyInvocation.ExpectingInput;

    /// <summary>
    /// Writes every warning of a result under -Verbose, and on the console one line for it (its most important
    /// warning, with a count of the others), now or, when <see cref="HoldsWarnings"/>, at the end.
    /// </summary>
    protected void WriteResultWarnings(string workload, string label, IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings) WriteVerbose($"{label}: {warning}");
        if (HoldsWarnings) heldWarnings.Add((workload, label, warnings));
        else if (WarningDigest.Line(label, warnings) is { } line) WriteWarning(line);
    }

    /// <summary>The held warnings: a line per result when they came from one workload, else one line for all.</summary>
    protected override void EndProcessing()
    {
        if (heldWarnings.Count == 0) return;
        var workloads = heldWarnings.Select(h => h.Workload).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        if (workloads == 1 && !HoldsAllInOneLine)
        {
            foreach (var (_, label, warnings) in heldWarnings)
                if (WarningDigest.Line(label, warnings) is { } line) WriteWarning(line);
        }
        else if (WarningDigest.Summary(heldWarnings.Select(h => (h.Label, h.Warnings)).ToList()) is { } summary)
        {
            WriteWarning(summary);
        }
        heldWarnings.Clear();
    }

    /// <summary>Whether held warnings always end as one line (a sweep, whose results are many points of one workload).</summary>
    protected virtual bool HoldsAllInOneLine => false;
}
