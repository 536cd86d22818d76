using System.Management.Automation;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Draws piped ScalingPoints as a chart: speedup against workers per strategy with the ideal line and the fitted
/// laws, and elapsed against size with the break-evens; a self-contained .html page or a bare .svg.
/// </summary>
[Cmdlet(VerbsData.Export, "ScalingChart", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportScalingChartCommand : ExportPictureCommandBase
{
    private readonly ScalingPointsCollector points = new();

    /// <summary>Points from Measure-Scaling.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public ScalingPoint? InputObject { get; set; }

    protected override void ProcessRecord() => points.Add(InputObject);

    protected override void EndProcessing()
    {
        var all = points.Require(this, FullPath, "draw");
        WriteFile("Write scaling chart", () =>
        {
            var analysis = ScalingAnalysis.Of(all);
            var options = new ScalingChartOptions { Title = Title, Models = analysis.Models, BreakEvens = analysis.BreakEvens };
            return IsHtml ? ScalingChart.RenderHtml(all, options) : ScalingChart.Render(all, options);
        });
    }
}
