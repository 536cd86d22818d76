namespace ParallelCmdlets.Worker.Messages;

/// <summary>
/// Parent → worker, per task: its id and argument (a double[], byte[] or string through the socket, or a
/// <see cref="MappedPayload"/> left in the slot's input map). A struct: the per-task path allocates nothing for it.
/// </summary>
internal readonly record struct RunMessage(int TaskId, object? Payload)
{
    /// <returns>The argument's bytes on the socket: none for one left in shared memory.</returns>
    public long Write(WireChannel channel)
    {
        channel.BeginMessage(MessageType.Run);
        channel.WriteInt32(TaskId);
        return channel.EndMessage(Payload);
    }

    /// <summary>The argument comes back in the channel's reused buffer, valid until its next read.</summary>
    public static RunMessage Read(WireChannel channel)
    {
        channel.ReadHead(MessageType.Run);
        var taskId = channel.ReadInt32();
        return new RunMessage(taskId, channel.ReadPayload(reuse: true));
    }
}
