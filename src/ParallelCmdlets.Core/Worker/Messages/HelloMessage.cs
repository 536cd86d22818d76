namespace ParallelCmdlets.Worker.Messages;

/// <summary>
/// Worker → parent, first on each slot's connection: which worker and slot is calling, from which process, and
/// which protocol it speaks (the first protocol's Hello ended before the version: it reads as version 1).
/// </summary>
internal readonly record struct HelloMessage(int Worker, int Slot, int ProcessId)
{
    public int ProtocolVersion { get; init; } = WorkerProtocol.Version;

    public void Write(WireChannel channel)
    {
        channel.BeginMessage(MessageType.Hello);
        channel.WriteInt32(Worker);
        channel.WriteInt32(Slot);
        channel.WriteInt32(ProcessId);
        channel.WriteInt32(ProtocolVersion);
        channel.EndMessage();
    }

    public static HelloMessage Read(WireChannel channel)
    {
        channel.ReadHead(MessageType.Hello);
        var hello = new HelloMessage(channel.ReadInt32(), channel.ReadInt32(), channel.ReadInt32())
        {
            ProtocolVersion = channel.HasMoreFields ? channel.ReadInt32() : WorkerProtocol.Unversioned,
        };
        // Past another version's version field anything may be laid out otherwise: not read, as its sender is refused.
        if (hello.ProtocolVersion == WorkerProtocol.Version) channel.SkipPayload();
        return hello;
    }
}
