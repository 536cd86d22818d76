using System.Diagnostics;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// The time source of every measurement. Injected so statistics and verdicts can be tested without sleeping.
/// </summary>
public interface IClock
{
    long GetTimestamp();
    double Frequency { get; }
}

/// <summary>
/// Stopwatch timestamps: CLOCK_MONOTONIC on Linux, shared by all processes on the machine, so stamps taken
/// in a worker process can be compared with the parent's directly.
/// </summary>
public sealed class MonotonicClock : IClock
{
    public static readonly MonotonicClock Instance = new();
    public long GetTimestamp() => Stopwatch.GetTimestamp();
    public double Frequency => Stopwatch.Frequency;
}
