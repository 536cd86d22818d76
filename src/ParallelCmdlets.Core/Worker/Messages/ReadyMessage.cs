namespace ParallelCmdlets.Worker.Messages;

/// <summary>
/// Worker → parent, the answer to Setup: why set-up failed (null when it did not), the worker's runtime and
/// garbage collector, and its counters once set up, so set-up work is not counted as the first run's.
/// </summary>
internal readonly record struct ReadyMessage(string? Error, string Runtime, string GcMode, WorkerCounters Counters)
{
    public void Write(WireChannel channel)
    {
        channel.BeginMessage(MessageType.Ready);
        channel.WriteString(Error);
        channel.WriteString(Runtime);
        channel.WriteString(GcMode);
        Counters.Write(channel);
        channel.EndMessage();
    }

    public static ReadyMessage Read(WireChannel channel)
    {
        channel.ReadHead(MessageType.Ready);
        var ready = new ReadyMessage(channel.ReadString(), channel.ReadString() ?? "", channel.ReadString() ?? "", WorkerCounters.Read(channel));
        channel.SkipPayload();
        return ready;
    }
}
