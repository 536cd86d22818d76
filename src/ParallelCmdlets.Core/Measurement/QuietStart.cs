namespace ParallelCmdlets.Measurement;

/// <summary>
/// Waits, after the pools have started, until the machine is quiet before the first round. A freshly started
/// pwsh worker keeps compiling in the background for seconds; ten of them (a sweep's pools) took 1.4 cores and
/// slowed the Sequential baseline that ran first. Bounded: a machine busy with other work is reported by the
/// runs' own figures, not waited out.
/// </summary>
public static class QuietStart
{
    /// <summary>Share of the cores other processes (the idle workers included) may use for the machine to count as quiet.</summary>
    public const double QuietShare = 0.15;

    /// <summary>How long one look at the machine lasts.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait.</summary>
    /// <remarks>Within a time budget, at most <see cref="BudgetShare"/> of it: disturbed runs are repeated anyway.</remarks>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    /// <summary>The share of a time budget the wait may take.</summary>
    public const double BudgetShare = 0.1;

    /// <summary>
    /// Looks at the machine window by window until one is quiet or <see cref="MaxWait"/> has passed; returns how
    /// many windows it took (0 when it could not tell, as where /proc/stat does not exist).
    /// </summary>
    /// <param name="otherLoad">Share of the cores used, over one window, by every process but this one; null when unknown.</param>
    /// <param name="maxWait">The longest wait, when shorter than <see cref="MaxWait"/> (a share of a time budget).</param>
    public static int Wait(Func<TimeSpan, double?> otherLoad, Action<string> say, CancellationToken cancellation, TimeSpan? maxWait = null)
    {
        var windows = 0;
        var waited = TimeSpan.Zero;
        var said = false;
        var limit = maxWait is { } m && m < MaxWait ? m : MaxWait;
        while (waited < limit)
        {
            cancellation.ThrowIfCancellationRequested();
            var load = otherLoad(Window);
            windows++;
            waited += Window;
            if (load is null || load < QuietShare) return load is null ? 0 : windows;
            if (!said)
            {
                say(FormattableString.Invariant($"Waiting for the machine to settle: other processes use {load * 100:0} % of the cores (new workers still compiling?)"));
                said = true;
            }
        }
        return windows;
    }

    /// <summary>The machine's CPU over one window, less this process's own.</summary>
    public static double? MeasureOtherLoad(TimeSpan window)
    {
        var before = MachineCpu.Read();
        var ownBefore = CpuClock.ProcessSeconds();
        Thread.Sleep(window);
        var after = MachineCpu.Read();
        var own = CpuClock.ProcessSeconds() - ownBefore;
        if (before is not { } m0 || after is not { } m1) return null;
        return Math.Clamp((m1.BusySeconds - m0.BusySeconds - own) / (window.TotalSeconds * Environment.ProcessorCount), 0, 1);
    }
}
