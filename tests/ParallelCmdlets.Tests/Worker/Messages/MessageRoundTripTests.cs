using System.Text;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Worker;
using ParallelCmdlets.Worker.Messages;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Worker.Messages;

/// <summary>
/// Every message of the parent–worker protocol, written by its type and read back by the same type, as the two
/// ends do: every field comes back, and the read takes the whole frame and nothing after it.
/// </summary>
public class MessageRoundTripTests
{
    /// <summary>Writes with <paramref name="write"/>, then reads back what was written with <paramref name="read"/>, checking the frame was taken whole.</summary>
    private static (T Back, long Sent, long PayloadBytes) RoundTrip<T>(Func<WireChannel, long> write, Func<WireChannel, T> read)
    {
        var buffer = new MemoryStream();
        var sent = write(new WireChannel(buffer));
        var reader = new WireChannel(new MemoryStream(buffer.ToArray()));
        var back = read(reader);
        Assert.False(reader.TryReadHead(out _), "the read left part of the frame behind");
        return (back, sent, reader.PayloadBytes);
    }

    private static T RoundTrip<T>(Action<WireChannel> write, Func<WireChannel, T> read) =>
        RoundTrip(c => { write(c); return 0L; }, read).Back;

    /// <summary>The counters a worker reports, with a CPU time that needs every one of its nanoseconds.</summary>
    private static readonly WorkerCounters Counters = new(12.3456789015, TimeSpan.FromTicks(98_765_432), new GcCounts(40, 7, 2), TimeSpan.FromTicks(31_415_926));

    /// <summary>CPU travels in whole nanoseconds: it comes back to the nanosecond, the rest exactly.</summary>
    private static void AssertSame(WorkerCounters expected, WorkerCounters actual)
    {
        Assert.Equal(expected.CpuSeconds, actual.CpuSeconds, 1e-9);
        Assert.Equal(expected.GcPause, actual.GcPause);
        Assert.Equal(expected.Collections, actual.Collections);
        Assert.Equal(expected.JitTime, actual.JitTime);
    }

    [Fact]
    public void Hello_comes_back_with_worker_slot_process_and_protocol_version()
    {
        var hello = new HelloMessage(3, 2, 4242);

        var back = RoundTrip(hello.Write, HelloMessage.Read);

        Assert.Equal(hello, back);
        Assert.Equal(WorkerProtocol.Version, back.ProtocolVersion);
    }

    [Fact]
    public void Hello_of_another_version_comes_back_with_that_version()
    {
        var hello = new HelloMessage(1, 1, 7) { ProtocolVersion = WorkerProtocol.Version + 5 };

        Assert.Equal(WorkerProtocol.Version + 5, RoundTrip(hello.Write, HelloMessage.Read).ProtocolVersion);
    }

    [Fact]
    public void Setup_comes_back_with_the_whole_workload_spec_the_slots_maps_and_the_protocol_version()
    {
        var spec = new WorkloadSpec("ScriptBlock", 123_456_789_012, 64) { Text = "{ param($x) $x * 2 } # é", Data = [1, 2, 3], CallerValues = [9, 8] };
        var maps = new SlotMapPaths("/dev/shm/pc/in-1", 1 << 20, "/dev/shm/pc/out-1", 3 << 20);

        var back = RoundTrip(new SetupMessage(spec, maps).Write, SetupMessage.Read);

        Assert.Equal(spec.Name, back.Spec.Name);
        Assert.Equal(spec.Size, back.Spec.Size);
        Assert.Equal(spec.Tasks, back.Spec.Tasks);
        Assert.Equal(spec.Text, back.Spec.Text);
        Assert.Equal(spec.Data, back.Spec.Data);
        Assert.Equal(spec.CallerValues, back.Spec.CallerValues);
        Assert.Equal(maps, back.Maps);
        Assert.Equal(WorkerProtocol.Version, back.ProtocolVersion);
    }

    [Fact]
    public void Setup_under_transfer_mode_copy_comes_back_without_maps_and_with_absent_spec_fields_still_absent()
    {
        var back = RoundTrip(new SetupMessage(new WorkloadSpec("Loop", 10, 1), null).Write, SetupMessage.Read);

        Assert.Equal(new WorkloadSpec("Loop", 10, 1), back.Spec);
        Assert.Null(back.Maps);
        Assert.Null(back.Spec.Text);
        Assert.Null(back.Spec.Data);
        Assert.Null(back.Spec.CallerValues);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Workload 'Nope' is not known here.")]
    public void Ready_comes_back_with_its_error_runtime_collector_and_counters(string? error)
    {
        var ready = new ReadyMessage(error, ".NET 10.0.1", "workstation, non-concurrent", Counters);

        var back = RoundTrip(ready.Write, ReadyMessage.Read);

        Assert.Equal(error, back.Error);
        Assert.Equal(ready.Runtime, back.Runtime);
        Assert.Equal(ready.GcMode, back.GcMode);
        AssertSame(Counters, back.Counters);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Report_comes_back_with_whether_to_settle(bool settle)
    {
        Assert.Equal(new ReportMessage(settle), RoundTrip(new ReportMessage(settle).Write, ReportMessage.Read));
    }

    [Fact]
    public void Usage_comes_back_with_the_workers_counters()
    {
        AssertSame(Counters, RoundTrip(new UsageMessage(Counters).Write, UsageMessage.Read).Counters);
    }

    [Fact]
    public void Quit_is_read_as_a_quit_and_nothing_else()
    {
        var buffer = new MemoryStream();
        new QuitMessage().Write(new WireChannel(buffer));

        RoundTrip(new QuitMessage().Write, QuitMessage.Read);
        // A Quit where another message is due is refused, so a read of the wrong message cannot pass for it.
        Assert.Throws<ProtocolException>(() => DoneMessage.Read(new WireChannel(new MemoryStream(buffer.ToArray())), reuse: false));
    }

    /// <summary>A payload of each kind that crosses the wire, and the bytes it takes on the socket.</summary>
    private static (object? Payload, long Bytes) Payload(string kind) => kind switch
    {
        "none" => (null, 0),
        "doubles" => (Enumerable.Range(0, 1000).Select(i => i * 0.25 - 3).ToArray(), 8000),
        "bytes" => (Enumerable.Range(0, 300).Select(i => (byte)i).ToArray(), 300),
        "text" => ("<Objs>résumé ✓</Objs>", Encoding.UTF8.GetByteCount("<Objs>résumé ✓</Objs>")),
        "mapped" => (new MappedPayload(10_000_000), 0), // only the count travels, in the head
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void AssertSamePayload(object? expected, object? actual)
    {
        switch (expected)
        {
            case null: Assert.Null(actual); break;
            case double[] d: Assert.Equal(d, Assert.IsType<double[]>(actual)); break;
            case byte[] b: Assert.Equal(b, Assert.IsType<byte[]>(actual)); break;
            case string s: Assert.Equal(s, Assert.IsType<string>(actual)); break;
            case MappedPayload m: Assert.Equal(m, Assert.IsType<MappedPayload>(actual)); break;
            default: throw new ArgumentException($"No payload of type {expected.GetType().Name} travels.");
        }
    }

    [Theory]
    [InlineData("none")]
    [InlineData("doubles")]
    [InlineData("bytes")]
    [InlineData("text")]
    [InlineData("mapped")]
    public void Run_comes_back_with_its_task_and_argument_of_every_payload_kind(string kind)
    {
        var (payload, bytes) = Payload(kind);

        var (back, sent, onTheSocket) = RoundTrip(new RunMessage(17, payload).Write, RunMessage.Read);

        Assert.Equal(17, back.TaskId);
        AssertSamePayload(payload, back.Payload);
        Assert.Equal(bytes, sent);
        Assert.Equal(bytes, onTheSocket);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("doubles")]
    [InlineData("bytes")]
    [InlineData("text")]
    [InlineData("mapped")]
    public void Done_comes_back_with_its_stamps_status_error_and_result_of_every_payload_kind(string kind)
    {
        var (payload, bytes) = Payload(kind);
        var done = new DoneMessage(17, TaskState.Completed, 12, 1_234_567_890_123, 1_234_567_999_999, 0.0031415925, null, payload);

        foreach (var reuse in new[] { true, false })
        {
            var (back, sent, onTheSocket) = RoundTrip(done.Write, c => DoneMessage.Read(c, reuse));

            Assert.Equal(done with { CpuSeconds = 0, Payload = null }, back with { CpuSeconds = 0, Payload = null });
            Assert.Equal(done.CpuSeconds, back.CpuSeconds, 1e-9);
            AssertSamePayload(payload, back.Payload);
            Assert.Equal(bytes, sent);
            Assert.Equal(bytes, onTheSocket);
        }
    }

    [Fact]
    public void Done_of_a_failed_task_comes_back_failed_with_its_error()
    {
        var done = new DoneMessage(5, TaskState.Failed, 3, 100, 200, 0, "InvalidOperationException: boom ✗", null);

        Assert.Equal(done, RoundTrip(done.Write, c => DoneMessage.Read(c, reuse: true)).Back);
    }
}
