using ParallelCmdlets.Worker;

namespace ParallelCmdlets.Tests.Worker;

public class WireChannelTests
{
    private static (WireChannel Writer, Func<WireChannel> Reader) Pair()
    {
        var buffer = new MemoryStream();
        return (new WireChannel(buffer), () => new WireChannel(new MemoryStream(buffer.ToArray())));
    }

    [Fact]
    public void A_message_with_fields_and_a_double_array_comes_back_intact()
    {
        var (writer, reader) = Pair();
        var payload = Enumerable.Range(0, 1000).Select(i => i * 0.5).ToArray();
        writer.BeginMessage(MessageType.Run);
        writer.WriteInt32(42);
        writer.WriteInt64(-7);
        writer.WriteString("héllo");
        writer.WriteString(null);
        writer.WriteBytes([1, 2, 3]);
        var sent = writer.EndMessage(payload);

        var channel = reader();
        channel.ReadHead(MessageType.Run);
        Assert.Equal(8000, sent);
        Assert.Equal(8000, channel.PayloadBytes);
        Assert.Equal(42, channel.ReadInt32());
        Assert.Equal(-7, channel.ReadInt64());
        Assert.Equal("héllo", channel.ReadString());
        Assert.Null(channel.ReadString());
        Assert.Equal([1, 2, 3], channel.ReadBytes());
        Assert.Equal(payload, (double[])channel.ReadPayload(reuse: false)!);
    }

    [Fact]
    public void Reused_buffers_are_the_same_array_from_read_to_read()
    {
        var (writer, reader) = Pair();
        for (var i = 0; i < 2; i++)
        {
            writer.BeginMessage(MessageType.Done);
            writer.EndMessage(new double[] { i, i });
        }
        var channel = reader();
        channel.ReadHead(MessageType.Done);
        var a = channel.ReadPayload(reuse: true);
        channel.ReadHead(MessageType.Done);
        var b = channel.ReadPayload(reuse: true);

        Assert.Same(a, b);
        Assert.Equal([1.0, 1.0], (double[])b!);
    }

    [Fact]
    public void Frames_queued_together_are_read_one_by_one_and_a_payload_larger_than_the_read_buffer_arrives_whole()
    {
        var (writer, reader) = Pair();
        var large = Enumerable.Range(0, 50_000).Select(i => (double)i).ToArray(); // 400 KB, past any read buffer
        for (var task = 1; task <= 3; task++)
        {
            writer.BeginMessage(MessageType.Run);
            writer.WriteInt32(task);
            writer.EndMessage(task == 2 ? large : null);
        }

        var channel = reader();
        var received = new List<(int Task, object? Payload)>();
        while (channel.TryReadHead(out var type))
        {
            Assert.Equal(MessageType.Run, type);
            channel.ReadHead(MessageType.Run);
            received.Add((channel.ReadInt32(), channel.ReadPayload(reuse: false)));
        }

        Assert.Equal([1, 2, 3], received.Select(r => r.Task));
        Assert.Null(received[0].Payload);
        Assert.Equal(large, (double[])received[1].Payload!);
        Assert.Null(received[2].Payload);
    }

    [Fact]
    public void A_message_of_another_type_than_the_one_due_is_a_protocol_error_naming_both()
    {
        var (writer, reader) = Pair();
        writer.BeginMessage(MessageType.Usage);
        writer.EndMessage();

        var error = Assert.Throws<ProtocolException>(() => reader().ReadHead(MessageType.Done));
        Assert.Equal("Received a Usage message where a Done was due.", error.Message);
    }

    [Fact]
    public void A_head_read_for_a_loop_is_taken_by_the_next_read_of_its_type_and_not_read_twice()
    {
        var (writer, reader) = Pair();
        writer.BeginMessage(MessageType.Report);
        writer.WriteByte(7);
        writer.EndMessage();
        writer.BeginMessage(MessageType.Quit);
        writer.EndMessage();

        var channel = reader();
        Assert.True(channel.TryReadHead(out var type));
        Assert.Equal(MessageType.Report, type);
        channel.ReadHead(MessageType.Report);
        Assert.Equal(7, channel.ReadByte());
        channel.SkipPayload();
        channel.ReadHead(MessageType.Quit);
        channel.SkipPayload();
        Assert.False(channel.TryReadHead(out _));
    }

    [Fact]
    public void Garbage_is_a_protocol_error_not_a_hang()
    {
        var channel = new WireChannel(new MemoryStream(Enumerable.Repeat((byte)0xFF, 64).ToArray()));
        Assert.Throws<ProtocolException>(() => channel.ReadHead(MessageType.Hello));
    }

    [Fact]
    public void A_connection_closed_mid_frame_is_an_error_and_a_clean_close_is_not()
    {
        var (writer, reader) = Pair();
        writer.BeginMessage(MessageType.Done);
        writer.WriteString("cut short");
        writer.EndMessage(new double[100]);
        var whole = ((MemoryStream)writer.Stream).ToArray();

        var truncated = new WireChannel(new MemoryStream(whole[..(whole.Length / 2)]));
        Assert.ThrowsAny<IOException>(() =>
        {
            truncated.ReadHead(MessageType.Done);
            truncated.ReadString();
            truncated.ReadPayload(reuse: false);
        });
        Assert.False(new WireChannel(new MemoryStream()).TryReadHead(out _));
        Assert.Throws<ConnectionClosedException>(() => new WireChannel(new MemoryStream()).ReadHead(MessageType.Done));
    }
}

public class MappedPayloadWireTests
{
    [Fact]
    public void A_payload_left_in_shared_memory_sends_only_its_length_in_the_head()
    {
        var buffer = new MemoryStream();
        var writer = new WireChannel(buffer);
        writer.BeginMessage(MessageType.Run);
        writer.WriteInt32(7);
        var sent = writer.EndMessage(new MappedPayload(10_000_000));

        var reader = new WireChannel(new MemoryStream(buffer.ToArray()));
        reader.ReadHead(MessageType.Run);
        Assert.Equal(0, sent);
        Assert.Equal(0, reader.PayloadBytes);
        Assert.True(buffer.Length < 64, $"the frame took {buffer.Length} bytes");
        Assert.Equal(7, reader.ReadInt32());
        Assert.Equal(new MappedPayload(10_000_000), reader.ReadPayload(reuse: true));
    }

    [Fact]
    public void A_socket_channel_bounds_its_reads_by_the_timeout_set_and_lifts_the_bound_again()
    {
        var (left, right) = SocketPair();
        using var reader = new WireChannel(new System.Net.Sockets.NetworkStream(left, ownsSocket: true));
        using var writer = new WireChannel(new System.Net.Sockets.NetworkStream(right, ownsSocket: true));
        var network = (System.Net.Sockets.NetworkStream)reader.Stream;

        reader.SetReadTimeout(50);
        reader.SetReadTimeout(50);
        Assert.Equal(50, network.ReadTimeout);
        var timedOut = Assert.Throws<IOException>(() => reader.ReadHead(MessageType.Run));
        Assert.Equal(System.Net.Sockets.SocketError.TimedOut, Assert.IsType<System.Net.Sockets.SocketException>(timedOut.InnerException).SocketErrorCode);

        reader.SetReadTimeout(Timeout.Infinite);
        Assert.Equal(Timeout.Infinite, network.ReadTimeout);
    }

    private static (System.Net.Sockets.Socket, System.Net.Sockets.Socket) SocketPair()
    {
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        return (listener.Accept(), client);
    }
}
