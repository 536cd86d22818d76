using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;

namespace ParallelCmdlets.Bench;

/// <summary>
/// The baseline wire: [int64 length][bytes] over a Unix-socket NetworkStream, the least a length-prefixed
/// channel can do. The payload goes straight from and into the caller's memory, as the module's does.
/// </summary>
internal sealed class RawChannel(Stream stream) : IDisposable
{
    private readonly byte[] prefix = new byte[8];

    public void Send(ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteInt64LittleEndian(prefix, payload.Length);
        stream.Write(prefix);
        if (!payload.IsEmpty) stream.Write(payload);
    }

    /// <summary>The next frame's length, or -1 when the other side hung up.</summary>
    public long ReadLength()
    {
        var got = 0;
        while (got < prefix.Length)
        {
            var n = stream.Read(prefix, got, prefix.Length - got);
            if (n == 0) return got == 0 ? -1 : throw new EndOfStreamException("A frame's length was cut short.");
            got += n;
        }
        return BinaryPrimitives.ReadInt64LittleEndian(prefix);
    }

    public void ReadExactly(Span<byte> into) => stream.ReadExactly(into);

    public void Dispose() => stream.Dispose();
}

/// <summary>The child side: `bench --echo SOCKET` connects and sends every frame straight back until the parent hangs up.</summary>
internal static class EchoServer
{
    public static int Run(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        using var channel = new RawChannel(new NetworkStream(socket, ownsSocket: true));
        var buffer = Array.Empty<byte>();
        long length;
        while ((length = channel.ReadLength()) >= 0)
        {
            if (buffer.Length < length) buffer = new byte[length];
            var frame = buffer.AsSpan(0, checked((int)length));
            channel.ReadExactly(frame);
            channel.Send(frame);
        }
        return 0;
    }
}

/// <summary>The parent side: starts the echo child on a private socket and owns it until disposed.</summary>
internal sealed class EchoChild : IDisposable
{
    private readonly Process process;
    private readonly string folder;

    private EchoChild(Process process, string folder, RawChannel channel)
    {
        this.process = process;
        this.folder = folder;
        Channel = channel;
    }

    public RawChannel Channel { get; }

    public static EchoChild Start(string dotnetHost, string benchAssembly)
    {
        var folder = Directory.CreateTempSubdirectory("pcb-").FullName;
        var socketPath = Path.Combine(folder, "echo.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        var info = new ProcessStartInfo(dotnetHost) { UseShellExecute = false };
        info.ArgumentList.Add(benchAssembly);
        info.ArgumentList.Add("--echo");
        info.ArgumentList.Add(socketPath);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the echo child.");
        if (!listener.Poll(30_000_000, SelectMode.SelectRead))
        {
            process.Kill();
            throw new TimeoutException("The echo child did not connect within 30 s.");
        }
        var socket = listener.Accept();
        return new EchoChild(process, folder, new RawChannel(new NetworkStream(socket, ownsSocket: true)));
    }

    /// <summary>Seconds per round trip of an empty frame.</summary>
    public double EmptyRoundTrip(int count)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            Channel.Send(default);
            if (Channel.ReadLength() != 0) throw new InvalidDataException("The echo child answered an empty frame with bytes.");
        }
        return watch.Elapsed.TotalSeconds / count;
    }

    /// <summary>Seconds to send <paramref name="bytes"/> out and read the same number back into <paramref name="back"/>.</summary>
    public double RoundTrip(ReadOnlySpan<byte> bytes, Span<byte> back)
    {
        var watch = Stopwatch.StartNew();
        Channel.Send(bytes);
        if (Channel.ReadLength() != back.Length) throw new InvalidDataException("The echo child answered with a different length.");
        Channel.ReadExactly(back);
        return watch.Elapsed.TotalSeconds;
    }

    public void Dispose()
    {
        Channel.Dispose();
        if (!process.WaitForExit(5000)) process.Kill();
        process.WaitForExit();
        process.Dispose();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
