using ParallelCmdlets.Reports;
using static ParallelCmdlets.Tests.Reports.TimelineFixtures;

namespace ParallelCmdlets.Tests.Reports;

public class TimelineConsoleTests
{
    private static List<string> TaskLines(IEnumerable<string> lines) =>
        lines.Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+#\d+ w\d+ ")).ToList();

    [Theory]
    [InlineData(40)]
    [InlineData(80)]
    [InlineData(133)]
    public void Every_line_fits_the_width(int width)
    {
        var lines = TimelineConsole.Render(ThreePanels(), width, color: false);
        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} > {width}: '{l}'"));
        Assert.Contains(lines, l => l.Length >= width - 2); // and uses it
    }

    [Theory]
    [InlineData(40)]
    [InlineData(80)]
    public void Shows_every_legend_item_whole_at_any_width_breaking_between_items(int width)
    {
        var text = string.Join("\n", TimelineConsole.Render(ThreePanels(), width, color: false));
        Assert.DoesNotContain("…", text);
        foreach (var item in new[] { "compute", "transfer in", "transfer out", "failed", "cancelled", "whole run", "in the tool, not started" })
            Assert.Contains(item, text);
    }

    [Fact]
    public void Writes_one_line_per_task_and_a_header_and_span_per_panel()
    {
        var lines = TimelineConsole.Render(ThreePanels(), 100, color: false);
        Assert.Equal(12, TaskLines(lines).Count);
        Assert.Equal(3, lines.Count(l => l.TrimStart().StartsWith("run ")));
        Assert.Contains("Threads — 2.00 s", lines);
        Assert.Contains("Processes — 2.50 s, 1.60×, 1 failed", lines);
    }

    [Fact]
    public void Draws_equal_times_as_equal_lengths_across_panels()
    {
        var tasks = TaskLines(TimelineConsole.Render(ThreePanels(), 100, color: false));
        int Blocks(string line) => line.Count(c => c == '█');
        Assert.Equal(Blocks(tasks[0]), Blocks(tasks[4])); // 1 s sequential task, 1 s threads task
        Assert.True(Blocks(tasks[0]) > 0);
    }

    [Fact]
    public void Shows_transfers_and_failures_with_their_own_glyphs()
    {
        var tasks = TaskLines(TimelineConsole.Render(ThreePanels(), 100, color: false));
        Assert.Contains('░', tasks[8]);
        Assert.Contains('▒', tasks[8]);
        Assert.Contains('╳', tasks[11]);
        Assert.DoesNotContain('░', tasks[0]);
    }

    [Fact]
    public void Colours_only_when_asked()
    {
        Assert.DoesNotContain(TimelineConsole.Render(ThreePanels(), 100, color: false), l => l.Contains('\u001b'));
        Assert.Contains(TimelineConsole.Render(ThreePanels(), 100, color: true), l => l.Contains("\u001b[34m"));
    }

    [Fact]
    public void Ends_with_a_labelled_axis()
    {
        var lines = TimelineConsole.Render(ThreePanels(), 100, color: false);
        Assert.Contains('┴', lines[^2]);
        Assert.StartsWith("0", lines[^1].TrimStart());
        Assert.Contains("4 s", lines[^1]);
    }

    [Fact]
    public void Refuses_a_width_too_narrow_to_draw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimelineConsole.Render(ThreePanels(), TimelineConsole.MinWidth - 1, color: false));
    }
}
