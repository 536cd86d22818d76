namespace ParallelCmdlets.Worker.Messages;

/// <summary>
/// Worker → parent, per task: its id, how it ended, the worker thread that ran it, when its input was ready and
/// when it ended (Stopwatch timestamps, shared by the processes of one machine), that thread's CPU while it ran
/// (in whole nanoseconds on the wire), why it failed, and its result (through the socket, or a
/// <see cref="MappedPayload"/> left in the slot's output map). A struct: the per-task path allocates nothing for it.
/// </summary>
internal readonly record struct DoneMessage(int TaskId, TaskState Status, int ThreadId, long InputReady, long End, double CpuSeconds, string? Error, object? Payload)
{
    /// <returns>The result's bytes on the socket: none for one left in shared memory.</returns>
    public long Write(WireChannel channel)
    {
        channel.BeginMessage(MessageType.Done);
        channel.WriteInt32(TaskId);
        channel.WriteByte((byte)Status);
        channel.WriteInt32(ThreadId);
        channel.WriteInt64(InputReady);
        channel.WriteInt64(End);
        channel.WriteInt64((long)(CpuSeconds * 1e9));
        channel.WriteString(Error);
        return channel.EndMessage(Payload);
    }

    /// <summary>
    /// With <paramref name="reuse"/>, an array result comes back in the channel's reused buffer, valid until its
    /// next read; <see cref="WireChannel.PayloadBytes"/> then says how many bytes it took on the socket.
    /// </summary>
    public static DoneMessage Read(WireChannel channel, bool reuse)
    {
        channel.ReadHead(MessageType.Done);
        return new DoneMessage(channel.ReadInt32(), (TaskState)channel.ReadByte(), channel.ReadInt32(), channel.ReadInt64(), channel.ReadInt64(),
            channel.ReadInt64() * 1e-9, channel.ReadString(), channel.ReadPayload(reuse));
    }
}
