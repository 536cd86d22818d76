using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Worker.Messages;

/// <summary>
/// A worker process's own CPU time, GC pause total, collections per generation and time spent compiling (a worker
/// does nothing but its tasks), as Ready and Usage carry them. CPU travels in whole nanoseconds, the times in ticks.
/// </summary>
internal readonly record struct WorkerCounters(double CpuSeconds, TimeSpan GcPause, GcCounts Collections, TimeSpan JitTime)
{
    /// <summary>This process's counters now.</summary>
    public static WorkerCounters Current() => new(CpuClock.ProcessSeconds(), GC.GetTotalPauseDuration(), GcCounts.Current(), JitClock.ProcessTime());

    /// <summary>Part of the message that carries them: its fields, in order.</summary>
    public void Write(WireChannel channel)
    {
        channel.WriteInt64((long)(CpuSeconds * 1e9));
        channel.WriteInt64(GcPause.Ticks);
        channel.WriteInt32(Collections.Gen0);
        channel.WriteInt32(Collections.Gen1);
        channel.WriteInt32(Collections.Gen2);
        channel.WriteInt64(JitTime.Ticks);
    }

    public static WorkerCounters Read(WireChannel channel) =>
        new(channel.ReadInt64() * 1e-9, TimeSpan.FromTicks(channel.ReadInt64()), new GcCounts(channel.ReadInt32(), channel.ReadInt32(), channel.ReadInt32()),
            TimeSpan.FromTicks(channel.ReadInt64()));
}
