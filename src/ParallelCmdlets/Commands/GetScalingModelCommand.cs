using System.Management.Automation;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Fits the scaling laws (Amdahl's serial fraction, Gunther's USL with its peak) to piped ScalingPoints, per
/// strategy and size, and for a size sweep finds the size where the winner changes.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ScalingModel")]
[OutputType(typeof(ScalingModel), typeof(BreakEven))]
public sealed class GetScalingModelCommand : PSCmdlet
{
    private readonly ScalingPointsCollector points = new();

    /// <summary>Points from Measure-Scaling.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public ScalingPoint? InputObject { get; set; }

    protected override void ProcessRecord() => points.Add(InputObject);

    protected override void EndProcessing()
    {
        var analysis = ScalingAnalysis.Of(points.Require(this, null, "fit"));
        WriteVerbose(ScalingModels.Summarize(analysis.Models));
        foreach (var model in analysis.Models) WriteObject(model);
        foreach (var breakEven in analysis.BreakEvens) WriteObject(breakEven);
    }
}
