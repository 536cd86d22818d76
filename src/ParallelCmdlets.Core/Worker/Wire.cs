using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace ParallelCmdlets.Worker;

/// <summary>Message types of the parent–worker protocol.</summary>
/// <remarks>Each is one type in Worker/Messages with its paired Write and Read, which both ends use.</remarks>
internal enum MessageType : byte
{
    Hello = 1,   // worker -> parent: worker id, slot, process id, protocol version (HelloMessage)
    Setup = 2,   // parent -> worker: the workload spec, the slot's maps, protocol version (SetupMessage)
    Ready = 3,   // worker -> parent: setup finished (or failed) (ReadyMessage)
    Run = 4,     // parent -> worker: task id and argument (RunMessage)
    Done = 5,    // worker -> parent: task timings, status and result (DoneMessage)
    Quit = 6,    // parent -> worker: finish and exit (QuitMessage)
    Report = 7,  // parent -> worker, between runs: whether to collect garbage first (ReportMessage)
    Usage = 8,   // worker -> parent: its process CPU time and GC pause total (UsageMessage)
}

/// <summary>What a payload holds, so it can travel as raw bytes.</summary>
internal enum PayloadKind : byte
{
    None = 0,
    Doubles = 1,
    Bytes = 2,
    Text = 3,
    Mapped = 4, // doubles left in the slot's shared memory map: only their count travels, in the head
}

/// <summary>A payload left in shared memory: how many doubles of the slot's map it takes.</summary>
internal sealed record MappedPayload(long Doubles);

/// <summary>Thrown when the other side sent something that is not a frame of this protocol.</summary>
public class ProtocolException(string message) : IOException(message);

/// <summary>Thrown when the other side hung up in the middle of a conversation: it died, or was ended.</summary>
public sealed class ConnectionClosedException(string message) : IOException(message);

/// <summary>
/// Length-prefixed frames over a stream: [int32 head length][int64 payload length][head][payload].
/// The head is small and parsed from a reused buffer; the payload (arrays of doubles, serialised objects)
/// is written from and read into its destination directly, with no copy through an intermediate buffer.
/// Messages are composed and parsed only by their own types (Worker/Messages), from these primitives.
/// Not thread-safe: each connection is used by one thread at a time.
/// </summary>
internal sealed class WireChannel(Stream stream) : IDisposable
{
    private const int MaxHead = 1 << 20;
    private readonly byte[] prefix = new byte[12];
    private byte[] head = new byte[256];
    private byte[] frame = new byte[268];
    private int headLength;
    private int readPosition;
    private MessageType headType;
    private bool headPending;
    private double[] doublesBuffer = [];
    private byte[] bytesBuffer = [];

    /// <summary>
    /// Reads go through a buffer: a frame's prefix and head were two receive calls each, and with tasks sent ahead
    /// one call now takes several queued frames at once. Payloads larger than the buffer still go straight from the
    /// socket into their array. Writes bypass it (a buffer over a socket cannot turn from reading to writing).
    /// </summary>
    private readonly BufferedStream input = new(stream, ReadBufferBytes);

    private const int ReadBufferBytes = 16 * 1024;

    /// <summary>The underlying stream, for its settings: reading it directly would miss bytes already buffered.</summary>
    public Stream Stream => stream;

    // A new socket has no read timeout.
    private int readTimeoutMilliseconds = Timeout.Infinite;

    /// <summary>
    /// Bounds each read of a socket channel (<see cref="Timeout.Infinite"/>: no bound). Set only when it changes:
    /// each setting is a system call, and the pool sets it before every task.
    /// </summary>
    public void SetReadTimeout(int milliseconds)
    {
        if (milliseconds == readTimeoutMilliseconds || stream is not System.Net.Sockets.NetworkStream network) return;
        network.ReadTimeout = milliseconds;
        readTimeoutMilliseconds = milliseconds;
    }

    /// <summary>
    /// The largest payload this side accepts: a buggy or hostile peer must not make it allocate gigabytes.
    /// The parent sets it from what the task could produce; the worker keeps the default.
    /// </summary>
    public long MaxPayloadBytes { get; set; } = long.MaxValue;

    /// <summary>The payload bytes the frame read last announced: what crossed the socket after its head.</summary>
    public long PayloadBytes { get; private set; }

    // ---- writing ----

    public void BeginMessage(MessageType type)
    {
        headLength = 0;
        WriteByte((byte)type);
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        head[headLength++] = value;
    }

    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(headLength), value);
        headLength += 4;
    }

    public void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(headLength), value);
        headLength += 8;
    }

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        Ensure(count);
        headLength += Encoding.UTF8.GetBytes(value, head.AsSpan(headLength));
    }

    public void WriteBytes(byte[]? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }
        WriteInt32(value.Length);
        Ensure(value.Length);
        value.CopyTo(head.AsSpan(headLength));
        headLength += value.Length;
    }

    /// <summary>
    /// Sends the message with an optional payload, returning the payload's size in bytes on the socket. A
    /// <see cref="MappedPayload"/> is already in the slot's shared memory map: only its count of doubles travels,
    /// in the head, and no payload bytes do.
    /// </summary>
    public long EndMessage(object? payload = null)
    {
        ReadOnlySpan<byte> bytes = default;
        switch (payload)
        {
            case null: WriteByte((byte)PayloadKind.None); break;
            case double[] d: WriteByte((byte)PayloadKind.Doubles); bytes = MemoryMarshal.AsBytes(d.AsSpan()); break;
            case byte[] b: WriteByte((byte)PayloadKind.Bytes); bytes = b; break;
            case string s: WriteByte((byte)PayloadKind.Text); bytes = Encoding.UTF8.GetBytes(s); break;
            case MappedPayload m: WriteByte((byte)PayloadKind.Mapped); WriteInt64(m.Doubles); break;
            default:
                throw new ArgumentException($"A {payload.GetType().Name} cannot travel to another process; use double[], byte[] or string.");
        }
        // Prefix and head leave in one write: two small sends cost the reader an extra wake-up per message.
        if (frame.Length < prefix.Length + headLength) frame = new byte[prefix.Length + headLength];
        BinaryPrimitives.WriteInt32LittleEndian(frame, headLength);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(4), bytes.Length);
        head.AsSpan(0, headLength).CopyTo(frame.AsSpan(prefix.Length));
        stream.Write(frame, 0, prefix.Length + headLength);
        if (!bytes.IsEmpty) stream.Write(bytes);
        stream.Flush();
        return bytes.Length;
    }

    /// <summary>The bytes a payload takes on the socket after its message's head, as <see cref="EndMessage"/> sends it.</summary>
    public static long PayloadLength(object? payload) => payload switch
    {
        double[] d => (long)d.Length * sizeof(double),
        byte[] b => b.Length,
        string s => Encoding.UTF8.GetByteCount(s),
        _ => 0,
    };

    private void Ensure(int more)
    {
        if (headLength + more > head.Length) Array.Resize(ref head, Math.Max(head.Length * 2, headLength + more));
    }

    // ---- reading ----

    /// <summary>
    /// Reads the next frame's head, for a loop that takes whatever message comes: the message's own Read then
    /// parses it. Returns false when the other side closed the connection cleanly.
    /// </summary>
    public bool TryReadHead(out MessageType type)
    {
        headPending = TryReadFrameHead();
        type = headType;
        return headPending;
    }

    /// <summary>
    /// Starts reading a message of type <paramref name="expected"/>: the head <see cref="TryReadHead"/> just read,
    /// or else the next one. Anything else is a protocol error; a connection closed here is an error too.
    /// </summary>
    public void ReadHead(MessageType expected)
    {
        if (!headPending && !TryReadFrameHead()) throw new ConnectionClosedException("The connection closed in the middle of a conversation.");
        headPending = false;
        if (headType != expected) throw new ProtocolException($"Received a {headType} message where a {expected} was due.");
    }

    private bool TryReadFrameHead()
    {
        var got = ReadAtLeast(prefix, 1);
        if (got == 0) return false;
        if (got < prefix.Length) input.ReadExactly(prefix, got, prefix.Length - got);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        var payloadLength = BinaryPrimitives.ReadInt64LittleEndian(prefix.AsSpan(4));
        if (length < 2 || length > MaxHead || payloadLength < 0)
            throw new ProtocolException($"Received a malformed frame (head {length} bytes, payload {payloadLength} bytes).");
        if (payloadLength > MaxPayloadBytes)
            throw new ProtocolException($"Received a {payloadLength:N0}-byte payload where at most {MaxPayloadBytes:N0} bytes can come: refused unread.");
        if (head.Length < length) head = new byte[length];
        input.ReadExactly(head, 0, length);
        headLength = length;
        readPosition = 0;
        PayloadBytes = payloadLength;
        headType = (MessageType)ReadByte();
        return true;
    }

    /// <summary>
    /// Whether the head holds another field before its payload's one-byte kind, in a message that carries no
    /// payload: how a field a later protocol version appended is told from a frame of an earlier one without it.
    /// </summary>
    public bool HasMoreFields => headLength - readPosition > 1;

    public byte ReadByte()
    {
        Need(1);
        return head[readPosition++];
    }

    public int ReadInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(readPosition));
        readPosition += 4;
        return value;
    }

    public long ReadInt64()
    {
        Need(8);
        var value = BinaryPrimitives.ReadInt64LittleEndian(head.AsSpan(readPosition));
        readPosition += 8;
        return value;
    }

    public string? ReadString()
    {
        var count = ReadInt32();
        if (count < 0) return null;
        Need(count);
        var value = Encoding.UTF8.GetString(head, readPosition, count);
        readPosition += count;
        return value;
    }

    public byte[]? ReadBytes()
    {
        var count = ReadInt32();
        if (count < 0) return null;
        Need(count);
        var value = head.AsSpan(readPosition, count).ToArray();
        readPosition += count;
        return value;
    }

    /// <summary>
    /// Reads the payload that follows the head. With <paramref name="reuse"/>, arrays come back in a buffer
    /// owned by this channel and valid until the next read, so measuring a large result allocates nothing.
    /// </summary>
    public object? ReadPayload(bool reuse)
    {
        var payloadLength = PayloadBytes;
        var kind = (PayloadKind)ReadByte();
        switch (kind)
        {
            case PayloadKind.None:
                if (payloadLength != 0) throw new ProtocolException("An empty payload announced bytes.");
                return null;
            case PayloadKind.Doubles:
            {
                if (payloadLength % sizeof(double) != 0) throw new ProtocolException("A double[] payload is not a whole number of doubles.");
                var count = checked((int)(payloadLength / sizeof(double)));
                var target = reuse ? Reuse(ref doublesBuffer, count) : new double[count];
                input.ReadExactly(MemoryMarshal.AsBytes(target.AsSpan()));
                return target;
            }
            case PayloadKind.Bytes:
            {
                var count = checked((int)payloadLength);
                var target = reuse ? Reuse(ref bytesBuffer, count) : new byte[count];
                input.ReadExactly(target);
                return target;
            }
            case PayloadKind.Mapped:
            {
                if (payloadLength != 0) throw new ProtocolException("A payload in shared memory announced bytes on the socket.");
                var doubles = ReadInt64();
                if (doubles < 0) throw new ProtocolException($"A payload in shared memory of {doubles} doubles.");
                return new MappedPayload(doubles);
            }
            case PayloadKind.Text:
            {
                var buffer = new byte[checked((int)payloadLength)];
                input.ReadExactly(buffer);
                return Encoding.UTF8.GetString(buffer);
            }
            default:
                throw new ProtocolException($"Unknown payload kind {(byte)kind}.");
        }
    }

    /// <summary>Reads past the payload of a message that carries none of use, so the stream stays in step whatever the peer sent.</summary>
    public void SkipPayload() => ReadPayload(reuse: true);

    private static T[] Reuse<T>(ref T[] buffer, int count)
    {
        if (buffer.Length != count) buffer = new T[count];
        return buffer;
    }

    private int ReadAtLeast(byte[] buffer, int minimum)
    {
        var total = 0;
        while (total < minimum)
        {
            var n = input.Read(buffer, total, buffer.Length - total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private void Need(int count)
    {
        if (readPosition + count > headLength) throw new ProtocolException("A frame ended before its fields did.");
    }

    public void Dispose() => stream.Dispose();
}
