using System.Management.Automation;

namespace ParallelCmdlets.Commands;

/// <summary>The points a scaling command gathers from the pipeline, and the one error when none arrived.</summary>
internal sealed class ScalingPointsCollector
{
    private readonly List<ScalingPoint> points = [];

    public void Add(ScalingPoint? point)
    {
        if (point is not null) points.Add(point);
    }

    /// <summary>Every point piped in; ends the command with NoScalingPoints when there were none.</summary>
    public IReadOnlyList<ScalingPoint> Require(PSCmdlet command, object? target, string what)
    {
        if (points.Count == 0)
            command.ThrowTerminatingError(new ErrorRecord(new ArgumentException($"No scaling points arrived, so there is nothing to {what}. Pipe the output of Measure-Scaling."),
                ErrorIds.NoScalingPoints, ErrorCategory.InvalidData, target));
        return points;
    }
}
