using System.Net.Sockets;
using ParallelCmdlets.Worker;
using ParallelCmdlets.Worker.Messages;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Worker.Messages;

/// <summary>
/// The protocol version both ends check: a worker or parent of another build is refused with both versions named
/// and what to do. (A parent refusing a worker process of another build: MisbehavingWorkerTests.)
/// </summary>
public class WorkerProtocolTests
{
    [Fact]
    public void A_peer_of_this_version_is_accepted_and_one_of_another_is_refused_naming_both_versions_and_the_remedy()
    {
        WorkerProtocol.Require(WorkerProtocol.Version, "Worker 1", "this module");

        var error = Assert.Throws<ProtocolVersionException>(() => WorkerProtocol.Require(WorkerProtocol.Version + 1, "Worker 1 (dotnet worker.dll)", "this module"));

        Assert.StartsWith($"Worker 1 (dotnet worker.dll) speaks version {WorkerProtocol.Version + 1} of the worker protocol and this module version {WorkerProtocol.Version}:", error.Message);
        Assert.Contains("Rebuild or reinstall the module on this host", error.Message);
        Assert.Equal(WorkerProtocol.Version + 1, error.PeerVersion);
    }

    /// <summary>The first protocol's Hello, as a worker of that build still sends it: worker, slot and process id, no version.</summary>
    private static void WriteFirstProtocolHello(WireChannel channel)
    {
        channel.BeginMessage(MessageType.Hello);
        channel.WriteInt32(1);
        channel.WriteInt32(1);
        channel.WriteInt32(4242);
        channel.EndMessage();
    }

    /// <summary>The first protocol's Setup, as a parent of that build still sends it: the spec and the maps, no version.</summary>
    private static void WriteFirstProtocolSetup(WireChannel channel)
    {
        channel.BeginMessage(MessageType.Setup);
        channel.WriteString("Loop");
        channel.WriteInt64(10);
        channel.WriteInt32(1);
        channel.WriteString(null);
        channel.WriteBytes(null);
        channel.WriteBytes(null);
        channel.WriteString(null);
        channel.WriteInt64(0);
        channel.WriteString(null);
        channel.WriteInt64(0);
        channel.EndMessage();
    }

    private static WireChannel Written(Action<WireChannel> write)
    {
        var buffer = new MemoryStream();
        write(new WireChannel(buffer));
        return new WireChannel(new MemoryStream(buffer.ToArray()));
    }

    [Fact]
    public void A_hello_of_the_first_protocol_which_carried_no_version_is_read_as_version_1()
    {
        var channel = Written(WriteFirstProtocolHello);

        var hello = HelloMessage.Read(channel);

        Assert.Equal(new HelloMessage(1, 1, 4242) { ProtocolVersion = WorkerProtocol.Unversioned }, hello);
        Assert.False(channel.TryReadHead(out _));
    }

    [Fact]
    public void A_setup_of_the_first_protocol_which_carried_no_version_is_read_as_version_1()
    {
        var channel = Written(WriteFirstProtocolSetup);

        var setup = SetupMessage.Read(channel);

        Assert.Equal(new WorkloadSpec("Loop", 10, 1), setup.Spec);
        Assert.Equal(WorkerProtocol.Unversioned, setup.ProtocolVersion);
        Assert.False(channel.TryReadHead(out _));
    }

    [Theory]
    [InlineData(WorkerProtocol.Unversioned)]
    [InlineData(WorkerProtocol.Version + 1)]
    public void A_worker_refuses_a_parent_of_another_protocol_version_naming_both_versions(int parentVersion)
    {
        // The real worker loop, in this process, on a private socket; this test plays the parent.
        var folder = Directory.CreateTempSubdirectory("pc-protocol-");
        try
        {
            var path = Path.Combine(folder.FullName, "w1.sock");
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            var worker = Task.Run(() => WorkerHost.Run(["--socket", path, "--worker", "1", "--slots", "1"], WorkloadCatalog.CreateBuiltIn()));
            Assert.True(listener.Poll(30_000_000, SelectMode.SelectRead), "the worker never connected");
            using var channel = new WireChannel(new NetworkStream(listener.Accept(), ownsSocket: true));
            ((NetworkStream)channel.Stream).ReadTimeout = 30_000;

            var hello = HelloMessage.Read(channel);
            if (parentVersion == WorkerProtocol.Unversioned) WriteFirstProtocolSetup(channel);
            else new SetupMessage(new WorkloadSpec("Loop", 10, 1), null) { ProtocolVersion = parentVersion }.Write(channel);
            var ready = ReadyMessage.Read(channel);
            new QuitMessage().Write(channel);

            Assert.Equal(WorkerProtocol.Version, hello.ProtocolVersion);
            Assert.NotNull(ready.Error);
            Assert.StartsWith($"The parent speaks version {parentVersion} of the worker protocol and this worker version {WorkerProtocol.Version}:", ready.Error);
            Assert.Contains("Rebuild or reinstall the module on this host", ready.Error);
            Assert.True(worker.Wait(TimeSpan.FromSeconds(30)), "the worker did not end after Quit");
            Assert.Equal(0, worker.Result);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_worker_of_this_version_sets_up_and_answers_a_task_through_the_message_types()
    {
        var folder = Directory.CreateTempSubdirectory("pc-protocol-");
        try
        {
            var path = Path.Combine(folder.FullName, "w1.sock");
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            var worker = Task.Run(() => WorkerHost.Run(["--socket", path, "--worker", "1", "--slots", "1"], WorkloadCatalog.CreateBuiltIn()));
            Assert.True(listener.Poll(30_000_000, SelectMode.SelectRead), "the worker never connected");
            using var channel = new WireChannel(new NetworkStream(listener.Accept(), ownsSocket: true));
            ((NetworkStream)channel.Stream).ReadTimeout = 30_000;

            var hello = HelloMessage.Read(channel);
            new SetupMessage(new WorkloadSpec("Loop", 10, 1), null).Write(channel);
            var ready = ReadyMessage.Read(channel);
            using var loop = TestWorkloads.Prepared("Loop", 10, 1);
            new RunMessage(1, loop.ToWire(loop.CreateInput(1))).Write(channel);
            var done = DoneMessage.Read(channel, reuse: false);
            new ReportMessage(Settle: false).Write(channel);
            var usage = UsageMessage.Read(channel);
            new QuitMessage().Write(channel);

            Assert.Equal(new HelloMessage(1, 1, Environment.ProcessId), hello);
            Assert.Null(ready.Error);
            Assert.Equal(1, done.TaskId);
            Assert.Equal(TaskState.Completed, done.Status);
            Assert.Null(done.Error);
            Assert.True(done.End >= done.InputReady, $"the task ended ({done.End}) before its input was ready ({done.InputReady})");
            Assert.True(usage.Counters.CpuSeconds >= ready.Counters.CpuSeconds, "the process's CPU went back");
            Assert.True(worker.Wait(TimeSpan.FromSeconds(30)), "the worker did not end after Quit");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
