using ParallelCmdlets.Commands;

namespace ParallelCmdlets.Tests.Commands;

public class StrategyNamesTests
{
    [Theory]
    [InlineData("PowerShell", "Sequential, ForEachParallel, ThreadJob, Job, RunspacePool")]
    [InlineData("all", "Sequential, Threads, Processes, ForEachParallel, ThreadJob, Job, RunspacePool")]
    [InlineData("threads", "Threads")]
    public void A_name_stands_for_one_strategy_or_a_set(string name, string expected)
    {
        Assert.True(StrategyNames.TryParse([name], out var strategies, out _));
        Assert.Equal(expected, string.Join(", ", strategies));
    }

    [Fact]
    public void Sets_and_single_names_mix_and_each_strategy_is_run_once_in_the_order_first_named()
    {
        Assert.True(StrategyNames.TryParse(["Threads", "PowerShell", "Sequential", "Processes"], out var strategies, out _));
        Assert.Equal("Threads, Sequential, ForEachParallel, ThreadJob, Job, RunspacePool, Processes", string.Join(", ", strategies));
    }

    [Theory]
    [InlineData("Fibers")]
    [InlineData("3")]
    public void An_unknown_name_or_a_bare_number_is_named_back(string name)
    {
        Assert.False(StrategyNames.TryParse(["Threads", name], out _, out var unknown));
        Assert.Equal(name, unknown);
    }
}
