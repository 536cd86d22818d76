namespace ParallelCmdlets.Worker.Messages;

/// <summary>Parent → worker: this slot is done; the worker exits once every slot has quit or hung up.</summary>
internal readonly record struct QuitMessage
{
    public void Write(WireChannel channel)
    {
        channel.BeginMessage(MessageType.Quit);
        channel.EndMessage();
    }

    public static QuitMessage Read(WireChannel channel)
    {
        channel.ReadHead(MessageType.Quit);
        channel.SkipPayload();
        return default;
    }
}
