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

    /// <summary>Waits until this process's compiler has been quiet long enough, within the bounds; returns how long it waited.</summary>
    /// <param name="compiledMethods">This process's count of compiled methods; the runtime's own unless a test injects one.</param>
    public TimeSpan Wait(CancellationToken cancellation, Func<long>? compiledMethods = null)
    {
        if (Maximum <= TimeSpan.Zero) return TimeSpan.Zero;
        compiledMethods ??= () => System.Runtime.JitInfo.GetCompiledMethodCount();
        var watch = Stopwatch.StartNew();
        var count = compiledMethods();
        var quietSince = TimeSpan.Zero;
        while (watch.Elapsed < Maximum)
        {
            var now = watch.Elapsed;
            if (now >= Minimum && now - quietSince >= Quiet) break;
            if (cancellation.WaitHandle.WaitOne(Poll)) cancellation.ThrowIfCancellationRequested();
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
