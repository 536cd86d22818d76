using ParallelCmdlets.Measurement;
using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>A tool as written beside its fixed form: the verdict that quotes both, and the rows' names.</summary>
public class WrappedFormVerdictTests
{
    private static StrategyFacts AsWritten(Strategy strategy, double speedup, double low, double high, double wrapped, double wrappedLow, double wrappedHigh) => new()
    {
        Strategy = strategy, Workers = 2, Tasks = 8, Repeat = 5, Cores = 2,
        Speedup = speedup, SpeedupLow = low, SpeedupHigh = high,
        WrappedSpeedup = wrapped, WrappedSpeedupLow = wrappedLow, WrappedSpeedupHigh = wrappedHigh,
    };

    private static readonly StrategyFacts Baseline = new() { Strategy = Strategy.Sequential, Tasks = 8, Cores = 2, CoresPerTask = 1, Speedup = 1 };

    [Fact]
    public void Quotes_both_figures_and_names_the_cause_when_the_fixed_form_is_faster_beyond_noise()
    {
        var verdict = VerdictRules.Explain(AsWritten(Strategy.ForEachParallel, 0.12, 0.10, 0.14, 0.95, 0.90, 1.01), Baseline);
        Assert.Equal("as written 0.12×; wrapped in & { } 0.95× (0.90–1.01): ForEachParallel runs it dot-sourced, without PowerShell's optimised local variables", verdict);
    }

    [Fact]
    public void Says_so_when_the_two_forms_are_within_noise_of_each_other()
    {
        var verdict = VerdictRules.Explain(AsWritten(Strategy.ThreadJob, 0.50, 0.40, 0.62, 0.55, 0.45, 0.66), Baseline);
        Assert.Equal("as written 0.50×; wrapped in & { } 0.55× (0.45–0.66): no faster beyond noise with a scope of its own", verdict);
    }

    [Fact]
    public void Names_a_pool_s_fix_as_users_write_it()
    {
        var verdict = VerdictRules.Explain(AsWritten(Strategy.RunspacePool, 0.2, 0.15, 0.25, 0.9, 0.8, 1.0), Baseline);
        Assert.StartsWith("as written 0.20×; with AddScript(script, $true) 0.90× (0.80–1.00): RunspacePool runs it dot-sourced", verdict);
    }

    [Fact]
    public void Leaves_a_row_without_a_fixed_form_beside_it_and_the_fixed_form_itself_to_the_other_rules()
    {
        var alone = AsWritten(Strategy.ForEachParallel, 0.12, 0.10, 0.14, 0.95, 0.90, 1.01) with { WrappedSpeedup = null };
        Assert.Null(new WrappedFormVerdict().Explain(alone, Baseline));
        Assert.Null(new WrappedFormVerdict().Explain(alone with { Wrapped = true, WrappedSpeedup = 0.9 }, Baseline));
        // The fixed form runs in a scope of its own: the dot-sourcing verdict is not its to give.
        var wrappedRow = new StrategyFacts { Strategy = Strategy.ForEachParallel, Wrapped = true, CpuPerTask = 1, Speedup = 0.5 };
        Assert.Null(new UnoptimizedScriptVerdict().Explain(wrappedRow, Baseline with { CpuPerTask = 0.1 }));
    }

    [Theory]
    [InlineData(Strategy.ForEachParallel, "ForEachParallel (& { })", "ForEachParallel\n(& { })")]
    [InlineData(Strategy.ThreadJob, "ThreadJob (& { })", "ThreadJob\n(& { })")]
    [InlineData(Strategy.RunspacePool, "RunspacePool (local scope)", "RunspacePool\n(local scope)")]
    public void Names_the_fixed_form_and_keeps_its_brackets_whole_in_a_narrow_column(Strategy strategy, string name, string column)
    {
        Assert.Equal(name, TransferModes.Name(strategy, TransferMode.Copy, wrapped: true));
        Assert.Equal(column.Replace("\n", Environment.NewLine), TextWrap.Name(name, 15));
        Assert.Equal("Threads", TextWrap.Name("Threads", 15));
        Assert.Equal(name, new TimelinePanel { Strategy = strategy, Wrapped = true }.Name);
    }
}
