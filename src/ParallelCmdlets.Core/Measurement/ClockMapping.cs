namespace ParallelCmdlets.Measurement;

/// <summary>
/// One round trip of clock sampling: this machine's monotonic timestamp when the request left, the other host's
/// when it answered, and this machine's when the answer arrived.
/// </summary>
public readonly record struct ClockSample(long LocalSent, long Remote, long LocalReceived)
{
    public long RoundTrip => LocalReceived - LocalSent;
}

/// <summary>
/// Maps another host's monotonic clock onto this one by Cristian's method: of several round trips, the one with
/// the smallest round trip says most, and the remote reading is taken to be the local midpoint of that trip. The
/// mapping cannot be better than half that round trip, which is reported as its uncertainty. Drift between the
/// two clocks over a measurement of seconds or minutes (parts per million) is far below that and is ignored.
/// </summary>
public sealed class ClockMapping
{
    private readonly long remoteAnchor;
    private readonly double localAnchor;
    private readonly double localPerRemoteTick;

    private ClockMapping(ClockSample best, double localFrequency, double remoteFrequency)
    {
        remoteAnchor = best.Remote;
        localAnchor = best.LocalSent + best.RoundTrip / 2.0;
        localPerRemoteTick = localFrequency / remoteFrequency;
        UncertaintySeconds = best.RoundTrip / 2.0 / localFrequency;
        RoundTripSeconds = best.RoundTrip / localFrequency;
        OffsetSeconds = (localAnchor - remoteAnchor * localPerRemoteTick) / localFrequency;
    }

    /// <summary>The same clock on both sides (this machine): every stamp maps to itself, with no uncertainty.</summary>
    public static ClockMapping Identity(double frequency) => new(new ClockSample(0, 0, 0), frequency, frequency);

    /// <param name="localFrequency">Ticks per second of this machine's clock.</param>
    /// <param name="remoteFrequency">Ticks per second of the other host's clock, as it reports it.</param>
    public static ClockMapping FromSamples(IEnumerable<ClockSample> samples, double localFrequency, double remoteFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(localFrequency);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(remoteFrequency);
        var valid = samples.Where(s => s.RoundTrip >= 0).ToList();
        if (valid.Count == 0) throw new ArgumentException("Clock mapping needs at least one round trip whose answer came after its request.", nameof(samples));
        return new ClockMapping(valid.MinBy(s => s.RoundTrip), localFrequency, remoteFrequency);
    }

    /// <summary>Half the best round trip: how far a mapped stamp may be from the true local time, in seconds.</summary>
    public double UncertaintySeconds { get; }

    /// <summary>The smallest round trip sampled, in seconds.</summary>
    public double RoundTripSeconds { get; }

    /// <summary>Local time minus remote time at the same instant, in seconds (near 0 for a host on this machine).</summary>
    public double OffsetSeconds { get; }

    /// <summary>A stamp of the other host's clock as a timestamp of this one.</summary>
    public long ToLocal(long remoteTimestamp) => (long)Math.Round(localAnchor + (remoteTimestamp - remoteAnchor) * localPerRemoteTick);
}
