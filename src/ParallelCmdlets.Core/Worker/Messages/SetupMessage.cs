using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Worker.Messages;

/// <summary>
/// Parent → worker, once per slot: the workload to set up, the slot's shared memory maps (null under
/// -TransferMode Copy), and the parent's protocol version (after the first protocol's fields, which had none).
/// </summary>
internal readonly record struct SetupMessage(WorkloadSpec Spec, SlotMapPaths? Maps)
{
    public int ProtocolVersion { get; init; } = WorkerProtocol.Version;

    public void Write(WireChannel channel)
    {
        channel.BeginMessage(MessageType.Setup);
        channel.WriteString(Spec.Name);
        channel.WriteInt64(Spec.Size);
        channel.WriteInt32(Spec.Tasks);
        channel.WriteString(Spec.Text);
        channel.WriteBytes(Spec.Data);
        channel.WriteBytes(Spec.CallerValues);
        channel.WriteString(Maps?.InputPath);
        channel.WriteInt64(Maps?.InputBytes ?? 0);
        channel.WriteString(Maps?.OutputPath);
        channel.WriteInt64(Maps?.OutputBytes ?? 0);
        channel.WriteInt32(ProtocolVersion);
        channel.EndMessage();
    }

    public static SetupMessage Read(WireChannel channel)
    {
        channel.ReadHead(MessageType.Setup);
        var spec = new WorkloadSpec(channel.ReadString() ?? throw new ProtocolException("A Setup named no workload."), channel.ReadInt64(), channel.ReadInt32())
        {
            Text = channel.ReadString(),
            Data = channel.ReadBytes(),
            CallerValues = channel.ReadBytes(),
        };
        var inputPath = channel.ReadString();
        var inputBytes = channel.ReadInt64();
        var outputPath = channel.ReadString();
        var outputBytes = channel.ReadInt64();
        var maps = inputPath is null || outputPath is null ? null : new SlotMapPaths(inputPath, inputBytes, outputPath, outputBytes);
        var version = channel.HasMoreFields ? channel.ReadInt32() : WorkerProtocol.Unversioned;
        channel.SkipPayload();
        return new SetupMessage(spec, maps) { ProtocolVersion = version };
    }
}
