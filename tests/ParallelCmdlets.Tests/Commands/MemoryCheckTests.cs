using ParallelCmdlets.Commands;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Commands;

/// <summary>The memory a run needs, checked before anything starts, with no cmdlet and no PowerShell host.</summary>
public class MemoryCheckTests
{
    private const long Gigabyte = 1L << 30;

    [Fact]
    public void A_run_that_fits_is_accepted()
    {
        Assert.Null(MemoryCheck.Problem(TransferWorkload.Info, 10_000, [Strategy.Threads, Strategy.Processes], 2, 1, 24 * Gigabyte));
    }

    [Fact]
    public void A_run_that_does_not_fit_is_refused_with_a_size_that_does()
    {
        var refusal = MemoryCheck.Problem(TransferWorkload.Info, 1_000_000, [Strategy.Processes], 2, 1, 4 * Gigabyte);

        Assert.Equal(ErrorIds.NotEnoughMemory, refusal?.Id);
        var suggested = long.Parse(System.Text.RegularExpressions.Regex.Match(refusal!.Message, @"Use -Size (\d+) or less").Groups[1].Value);
        Assert.Null(MemoryCheck.Problem(TransferWorkload.Info, suggested, [Strategy.Processes], 2, 1, 4 * Gigabyte));
        Assert.NotNull(MemoryCheck.Problem(TransferWorkload.Info, suggested + 1, [Strategy.Processes], 2, 1, 4 * Gigabyte));
    }

    [Fact]
    public void A_size_beyond_what_the_workload_can_make_is_refused_before_memory_is_weighed()
    {
        var refusal = MemoryCheck.Problem(TransferWorkload.Info, TransferWorkload.Info.MaxSize!.Value + 1, [Strategy.Threads], 2, 1, long.MaxValue / 4);

        Assert.Equal(ErrorIds.SizeOutOfRange, refusal?.Id);
    }

    [Fact]
    public void A_workload_small_by_nature_always_fits()
    {
        Assert.Null(MemoryCheck.Problem(LoopWorkload.Info, long.MaxValue / 4, [Strategy.Processes], 8, 4, Gigabyte));
    }
}
