using ParallelCmdlets.Measurement.Sampling;

namespace ParallelCmdlets.Tests.Measurement.Sampling;

public class JitSettleTests
{
    [Fact]
    public void A_quiet_compiler_ends_the_pause_at_its_minimum()
    {
        var settle = new JitSettle(TimeSpan.FromMilliseconds(60), TimeSpan.FromMilliseconds(30), TimeSpan.FromSeconds(30));

        var waited = settle.Wait(CancellationToken.None, () => 7);

        Assert.InRange(waited, settle.Minimum, settle.Maximum - TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_compiler_that_never_rests_is_waited_for_no_longer_than_the_maximum()
    {
        var settle = new JitSettle(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300));
        var compiled = 0L;

        var waited = settle.Wait(CancellationToken.None, () => ++compiled);

        Assert.True(waited >= settle.Maximum, $"waited {waited}");
        Assert.True(compiled > 2, "the count was read while waiting");
    }

    [Fact]
    public void The_pause_lasts_until_the_compiler_has_been_quiet_long_enough()
    {
        var settle = new JitSettle(TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var lastChange = TimeSpan.Zero;
        // Compiles for 200 ms, then rests.
        long Compiled()
        {
            if (watch.Elapsed < TimeSpan.FromMilliseconds(200)) lastChange = watch.Elapsed;
            return (long)lastChange.TotalMilliseconds;
        }

        var waited = settle.Wait(CancellationToken.None, Compiled);

        Assert.True(waited >= lastChange + settle.Quiet, $"waited {waited}, last compile at {lastChange}");
        Assert.True(waited < settle.Maximum, $"waited {waited}");
    }

    [Fact]
    public void No_pause_is_no_wait()
    {
        Assert.Equal(TimeSpan.Zero, JitSettle.None.Wait(CancellationToken.None, () => throw new InvalidOperationException("not read")));
    }

    [Fact]
    public void Cancelling_ends_the_pause_with_cancellation()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var settle = new JitSettle(TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.FromSeconds(60));

        Assert.ThrowsAny<OperationCanceledException>(() => settle.Wait(cancel.Token, () => 1));
    }

    [Fact]
    public void A_process_that_compiled_nothing_since_the_count_starts_its_run_at_once()
    {
        Assert.Equal(TimeSpan.Zero, JitSettle.AwaitQuietCompiler(41, CancellationToken.None, () => 41));
    }

    [Fact]
    public void A_process_still_compiling_is_waited_for_until_the_gap_without_new_methods()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var lastChange = TimeSpan.Zero;
        // Compiles for 60 ms, then rests.
        long Compiled()
        {
            if (watch.Elapsed < TimeSpan.FromMilliseconds(60)) lastChange = watch.Elapsed;
            return 100 + (long)lastChange.TotalMilliseconds;
        }

        var waited = JitSettle.AwaitQuietCompiler(99, CancellationToken.None, Compiled);

        Assert.True(watch.Elapsed >= lastChange + JitSettle.QuietGap, $"returned at {watch.Elapsed}, last compile at {lastChange}");
        Assert.True(waited <= JitSettle.QuietLimit + TimeSpan.FromSeconds(5), $"waited {waited}");
    }

    [Fact]
    public void A_process_that_never_stops_compiling_is_waited_for_no_longer_than_the_limit()
    {
        var compiled = 0L;

        var waited = JitSettle.AwaitQuietCompiler(-1, CancellationToken.None, () => ++compiled);

        Assert.True(waited >= JitSettle.QuietLimit, $"waited {waited}");
        Assert.True(compiled > 2, "the count was read while waiting");
    }
}
