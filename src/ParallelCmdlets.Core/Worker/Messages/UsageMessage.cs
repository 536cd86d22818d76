namespace ParallelCmdlets.Worker.Messages;

/// <summary>Worker → parent, the answer to Report: the worker process's counters.</summary>
internal readonly record struct UsageMessage(WorkerCounters Counters)
{
    public void Write(WireChannel channel)
    {
        channel.BeginMessage(MessageType.Usage);
        Counters.Write(channel);
        channel.EndMessage();
    }

    public static UsageMessage Read(WireChannel channel)
    {
        channel.ReadHead(MessageType.Usage);
        var usage = new UsageMessage(WorkerCounters.Read(channel));
        channel.SkipPayload();
        return usage;
    }
}
