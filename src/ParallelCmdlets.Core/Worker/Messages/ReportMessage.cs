namespace ParallelCmdlets.Worker.Messages;

/// <summary>Parent → worker, between runs: report your counters (a <see cref="UsageMessage"/>), after collecting garbage when <paramref name="Settle"/> is set.</summary>
internal readonly record struct ReportMessage(bool Settle)
{
    public void Write(WireChannel channel)
    {
        channel.BeginMessage(MessageType.Report);
        channel.WriteByte(Settle ? (byte)1 : (byte)0);
        channel.EndMessage();
    }

    public static ReportMessage Read(WireChannel channel)
    {
        channel.ReadHead(MessageType.Report);
        var report = new ReportMessage(channel.ReadByte() != 0);
        channel.SkipPayload();
        return report;
    }
}
