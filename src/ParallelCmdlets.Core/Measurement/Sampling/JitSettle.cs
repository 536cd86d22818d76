using System.Diagnostics;

namespace ParallelCmdlets.Measurement.Sampling;

/// <summary>
/// The pause after a warm-up round that lets .NET finish compiling what the round ran. Tiered compilation starts
/// counting a method's calls only after 100 ms without new tier-0 compilation, then compiles hot methods in the
/// background; runs back to back never leave it that pause. Measured on an empty ScriptBlock, 400 tasks a run on 2
/// threads: without pauses a fresh pwsh still took 75-110 µs a task after 40 runs (23 µs once compiled), and a fresh
/// worker process 110-190 µs for 20 runs; with 300 ms after each run both were steady within 5 runs.
/// BenchmarkDotNet's JIT stage pauses for the same reason.
/// </summary>
/// <param name="Minimum">The shortest pause: workers compile in their own processes, which this one cannot watch.</param>
/// <param name="Quiet">How long this process must compile no new method before the pause may end.</param>
/// <param name="Maximum">The longest pause, however busy the compiler stays.</param>
public sealed record JitSettle(TimeSpan Minimum, TimeSpan Quiet, TimeSpan Maximum)
{
    public static readonly JitSettle Default = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(1500));

    /// <summary>No pause, for a caller whose runs need none.</summary>
    public static readonly JitSettle None = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    /// <summary>How long <see cref="AwaitQuietCompiler"/> wants no new method compiled.</summary>
    public static readonly TimeSpan QuietGap = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest <see cref="AwaitQuietCompiler"/> waits.</summary>
    public static readonly TimeSpan QuietLimit = TimeSpan.FromMilliseconds(300);

    /// <summary>The wait before a run: no minimum, read often, as the gap is short.</summary>
    private static readonly JitSettle BeforeRun = new(TimeSpan.Zero, QuietGap, QuietLimit);
    private static readonly TimeSpan BeforeRunPoll = TimeSpan.FromMilliseconds(4);

    /// <summary>
    /// Before a run's clock starts: when this process compiled anything since <paramref name="compiledBefore"/>
    /// (a count taken before the run's set-up), waits until it compiles nothing for <see cref="QuietGap"/>, at most
    /// <see cref="QuietLimit"/>. Code that runs once a run (the accounting, the statistics) reaches the runtime's
    /// 30 calls for recompiling after 30 runs; that recompiling then ran in the background during the next timed run
    /// and took a core from it. A quiet process returns at once. Returns how long it waited.
    /// </summary>
    public static TimeSpan AwaitQuietCompiler(long compiledBefore, CancellationToken cancellation, Func<long>? compiledMethods = null)
    {
        compiledMethods ??= JitClock.CompiledMethods;
        return compiledMethods() == compiledBefore ? TimeSpan.Zero : BeforeRun.Wait(cancellation, compiledMethods, BeforeRunPoll);
    }

    /// <summary>Waits until this process's compiler has been quiet long enough, within the bounds; returns how long it waited.</summary>
    /// <param name="compiledMethods">This process's count of compiled methods; the runtime's own unless a test injects one.</param>
    public TimeSpan Wait(CancellationToken cancellation, Func<long>? compiledMethods = null) => Wait(cancellation, compiledMethods, Poll);

    private TimeSpan Wait(CancellationToken cancellation, Func<long>? compiledMethods, TimeSpan poll)
    {
        if (Maximum <= TimeSpan.Zero) return TimeSpan.Zero;
        compiledMethods ??= JitClock.CompiledMethods;
        var watch = Stopwatch.StartNew();
        var count = compiledMethods();
        var quietSince = TimeSpan.Zero;
        while (watch.Elapsed < Maximum)
        {
            var now = watch.Elapsed;
            if (now >= Minimum && now - quietSince >= Quiet) break;
            if (cancellation.WaitHandle.WaitOne(poll)) cancellation.ThrowIfCancellationRequested();
            var latest = compiledMethods();
            if (latest != count)
            {
                count = latest;
                quietSince = watch.Elapsed;
            }
        }
        return watch.Elapsed;
    }
}
