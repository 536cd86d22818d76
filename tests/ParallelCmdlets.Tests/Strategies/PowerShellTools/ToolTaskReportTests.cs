using ParallelCmdlets.PowerShellTools;

namespace ParallelCmdlets.Tests.PowerShellTools;

public class ToolTaskReportTests
{
    [Fact]
    public void A_jobs_stamp_line_gives_back_every_figure_and_the_output_before_it()
    {
        Assert.True(ToolTaskReport.TryParseStamp("ParallelCmdlets.TaskStamp;3;100;250;0.125;4242;7;", "out", out var report));

        Assert.Equal((3, 100L, 250L, 0.125, 4242, 7), (report.TaskId, report.Start, report.End, report.CpuSeconds, report.ProcessId, report.ThreadId));
        Assert.Null(report.Failure);
        Assert.Equal("out", report.Output);
    }

    [Fact]
    public void A_stamp_line_written_in_this_assembly_reads_back_with_every_figure_in_any_culture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var line = ToolTaskReport.StampLine(5, 1000, 2500, 0.0625, 4242, 9, "bad; worse");

            Assert.True(ToolTaskReport.TryParseStamp(line, null, out var report));
            Assert.Equal((5, 1000L, 2500L, 0.0625, 4242, 9, "bad; worse"), (report.TaskId, report.Start, report.End, report.CpuSeconds, report.ProcessId, report.ThreadId, report.Failure));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void A_failure_message_may_hold_the_separator()
    {
        Assert.True(ToolTaskReport.TryParseStamp("ParallelCmdlets.TaskStamp;1;1;2;0;1;1;boom; and more", null, out var report));

        Assert.Equal("boom; and more", report.Failure);
    }

    [Fact]
    public void Ordinary_output_is_not_taken_for_a_stamp()
    {
        Assert.False(ToolTaskReport.TryParseStamp("hello", null, out _));
        Assert.False(ToolTaskReport.TryParseStamp("ParallelCmdlets.TaskStamp;x;1;2;0;1;1;", null, out _));
    }

    [Fact]
    public void An_empty_failure_from_PowerShell_means_none()
    {
        Assert.Null(new ToolTaskReport(1, 0, 1, 0, 1, "", null).Failure);
    }
}
