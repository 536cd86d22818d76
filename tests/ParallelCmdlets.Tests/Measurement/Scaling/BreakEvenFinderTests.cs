using ParallelCmdlets.Measurement;
using static ParallelCmdlets.Tests.Measurement.Scaling.SyntheticScaling;

namespace ParallelCmdlets.Tests.Measurement.Scaling;

public class BreakEvenFinderTests
{
    // Threads pay 0.20 s to start and 1 ms per unit, processes 0.05 s and 2.5 ms: equal at size 100.
    private static double ThreadsCost(double size) => 0.20 + 0.0010 * size;
    private static double ProcessesCost(double size) => 0.05 + 0.0025 * size;
    private const double LinearCrossing = 100;

    /// <summary>Sizes a factor of 4 apart around the crossing: log-log interpolation of straight lines errs by about 4 % here.</summary>
    private const double CleanTolerance = 0.10;

    /// <summary>With 2 % noise on every elapsed time.</summary>
    private const double NoisyTolerance = 0.20;

    private static readonly long[] Sizes = [10, 25, 50, 200, 400, 1000];

    private static List<ScalingPoint> Curves(Func<double, double> threads, Func<double, double> processes, long[] sizes, double noise = 0, int seed = 1) =>
        SizeSweep(Strategy.Threads, threads, sizes, noise, seed).Concat(SizeSweep(Strategy.Processes, processes, sizes, noise, seed + 1000)).ToList();

    [Fact]
    public void Recovers_the_crossing_of_two_straight_cost_lines_with_the_points_around_it()
    {
        var breakEven = Assert.Single(BreakEvenFinder.Find(Curves(ThreadsCost, ProcessesCost, Sizes), Strategy.Threads, Strategy.Processes));

        Assert.InRange(breakEven.Size, LinearCrossing * (1 - CleanTolerance), LinearCrossing * (1 + CleanTolerance));
        Assert.Equal((50L, 200L), (breakEven.SizeBelow, breakEven.SizeAbove));
        Assert.Equal((Strategy.Processes, Strategy.Threads), (breakEven.WinnerBelow, breakEven.WinnerAbove));
        Assert.Equal((Strategy.Threads, Strategy.Processes), (breakEven.StrategyA, breakEven.StrategyB));
        Assert.Equal([(Strategy.Threads, 50L), (Strategy.Processes, 50L), (Strategy.Threads, 200L), (Strategy.Processes, 200L)],
            breakEven.Points.Select(p => (p.Strategy, p.Size)));
        Assert.True(breakEven.Significant);
        Assert.Equal("Processes faster below size ≈ 104 (measured 50 and 200), Threads faster above", breakEven.Summary);
    }

    [Fact]
    public void Finds_the_crossing_of_two_power_laws_exactly()
    {
        // 0.001·size against 0.01·sqrt(size): equal at size 100, which log-log interpolation finds exactly.
        var points = Curves(s => 0.001 * s, s => 0.01 * Math.Sqrt(s), [10, 1000]);

        Assert.Equal(100, Assert.Single(BreakEvenFinder.Find(points, Strategy.Threads, Strategy.Processes)).Size, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Recovers_the_crossing_from_points_with_two_percent_noise(int seed)
    {
        var breakEven = Assert.Single(BreakEvenFinder.Find(Curves(ThreadsCost, ProcessesCost, Sizes, noise: 0.02, seed: seed), Strategy.Threads, Strategy.Processes));

        Assert.InRange(breakEven.Size, LinearCrossing * (1 - NoisyTolerance), LinearCrossing * (1 + NoisyTolerance));
    }

    [Fact]
    public void Finds_none_when_one_strategy_wins_at_every_size()
    {
        var points = Curves(s => 0.1 + 0.001 * s, s => 0.2 + 0.002 * s, Sizes);

        Assert.Empty(BreakEvenFinder.Find(points, Strategy.Threads, Strategy.Processes));
    }

    [Fact]
    public void Finds_each_change_when_the_winner_changes_twice()
    {
        // Processes take 1 s at every size; threads are fastest at size 100 and slow far from it.
        var points = Curves(s => 0.5 + 0.2 * Math.Pow(Math.Log(s / 100), 2), _ => 1, [1, 10, 100, 1000, 10000]);

        var found = BreakEvenFinder.Find(points, Strategy.Threads, Strategy.Processes);

        Assert.Equal([(10L, 100L, Strategy.Processes, Strategy.Threads), (100L, 1000L, Strategy.Threads, Strategy.Processes)],
            found.Select(b => (b.SizeBelow, b.SizeAbove, b.WinnerBelow, b.WinnerAbove)));
        Assert.True(found[0].Size < found[1].Size);
    }

    [Fact]
    public void Puts_the_break_even_at_a_measured_size_where_both_tied()
    {
        var points = Curves(s => s switch { 10 => 1, 100 => 2, _ => 3 }, s => s switch { 10 => 2, 100 => 2, _ => 1 }, [10, 100, 1000]);

        var breakEven = Assert.Single(BreakEvenFinder.Find(points, Strategy.Threads, Strategy.Processes));

        Assert.Equal(100, breakEven.Size, 9);
        Assert.Equal((10L, 1000L), (breakEven.SizeBelow, breakEven.SizeAbove));
    }

    [Fact]
    public void Calls_a_change_within_overlapping_intervals_not_significant()
    {
        // 1 % apart on each side of the crossing, with ±2 % intervals.
        var points = Curves(s => s < 100 ? 1.00 : 1.01, _ => 1.005, [50, 200]);

        var breakEven = Assert.Single(BreakEvenFinder.Find(points, Strategy.Threads, Strategy.Processes));

        Assert.False(breakEven.Significant);
        Assert.EndsWith("; within noise", breakEven.Summary);
    }

    [Fact]
    public void Uses_only_sizes_measured_for_both_strategies_and_leaves_out_unusable_points()
    {
        var points = SizeSweep(Strategy.Threads, ThreadsCost, [0, 10, 50, 200, 5000])
            .Concat(SizeSweep(Strategy.Processes, ProcessesCost, [0, 10, 50, 200, 1000])).ToList();

        var breakEven = Assert.Single(BreakEvenFinder.Find(points, Strategy.Threads, Strategy.Processes));

        Assert.Equal((50L, 200L), (breakEven.SizeBelow, breakEven.SizeAbove));
    }

    [Fact]
    public void Refuses_several_points_of_one_strategy_at_one_size()
    {
        var points = Curves(ThreadsCost, ProcessesCost, Sizes).Concat(SizeSweep(Strategy.Threads, ThreadsCost, [50], workers: 4)).ToList();

        var error = Assert.Throws<ArgumentException>(() => BreakEvenFinder.Find(points, Strategy.Threads, Strategy.Processes));
        Assert.Contains("Threads has several points at size 50", error.Message);
    }

    [Fact]
    public void Finds_the_break_evens_of_every_pair_of_strategies()
    {
        var points = Curves(ThreadsCost, ProcessesCost, Sizes).Concat(SizeSweep(Strategy.Sequential, s => 0.01 + 0.003 * s, Sizes)).ToList();

        var found = BreakEvenFinder.FindAll(points);

        Assert.Equal([(Strategy.Sequential, Strategy.Threads), (Strategy.Sequential, Strategy.Processes), (Strategy.Threads, Strategy.Processes)],
            found.Select(b => (b.StrategyA, b.StrategyB)));
        Assert.All(found.Take(2), b => Assert.Equal(Strategy.Sequential, b.WinnerBelow));
    }

    [Fact]
    public void Finds_the_break_even_with_threads_of_processes_under_each_collector_apart()
    {
        const string workstation = "workstation, non-concurrent", server = "server, non-concurrent";
        var points = SizeSweep(Strategy.Threads, ThreadsCost, Sizes, gcMode: workstation)
            .Concat(SizeSweep(Strategy.Processes, ProcessesCost, Sizes, gcMode: workstation))
            .Concat(SizeSweep(Strategy.Processes, s => 0.05 + 0.0015 * s, Sizes, gcMode: server))
            .ToList();

        var found = ScalingAnalysis.Of(points).BreakEvens;

        Assert.Equal(2, found.Count);
        Assert.All(found, b => Assert.Equal((Strategy.Threads, Strategy.Processes), (b.StrategyA, b.StrategyB)));
        Assert.Equal([workstation, server], found.Select(b => b.GcModeB));
        Assert.True(found[1].Size > found[0].Size, "processes under a faster collector win to a larger size");
        Assert.StartsWith("Processes faster below size", found[0].Summary);
        Assert.StartsWith("Processes (server, non-concurrent) faster below size", found[1].Summary);
        Assert.EndsWith("Threads (workstation, non-concurrent) faster above", found[1].Summary);
    }
}
