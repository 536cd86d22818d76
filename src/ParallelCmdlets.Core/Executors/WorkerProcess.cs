using System.Diagnostics;
using System.Net.Sockets;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Worker;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Executors;

/// <summary>
/// One worker process of the pool and its connections, one per slot (thread in the worker). Owns the process:
/// Kill and Dispose end it and its children, so nothing outlives the pool.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const int StderrLinesKept = 20;
    private readonly Queue<string> stderrTail;
    private readonly Process process;
    private readonly DateTime? startTime;

    private WorkerProcess(int workerId, Process process, WireChannel[] channels, Queue<string> stderrTail)
    {
        WorkerId = workerId;
        ProcessId = process.Id;
        startTime = PowerShellHostPipe.StartTimeOf(process);
        this.process = process;
        Channels = channels;
        this.stderrTail = stderrTail;
    }

    public int WorkerId { get; }
    public int ProcessId { get; }
    public WireChannel[] Channels { get; }
    private string? endReason;

    /// <summary>Why the pool ended this worker on purpose (a task past its timeout), so its other slots report the true cause.</summary>
    public string? EndReason => Volatile.Read(ref endReason);

    /// <summary>Records why the worker is about to be ended; the first reason stands.</summary>
    public void EndBecause(string reason) => Interlocked.CompareExchange(ref endReason, reason, null);

    /// <summary>The worker's runtime and garbage collector, as it reported them when ready.</summary>
    public string Runtime { get; private set; } = "";
    public string GcMode { get; private set; } = "";

    /// <summary>The worker's CPU and GC counters when it became ready, before its first task.</summary>
    public double ReadyCpuSeconds { get; private set; }
    public TimeSpan ReadyGcPause { get; private set; }
    public GcCounts ReadyCollections { get; private set; }

    /// <summary>
    /// Asks the worker, between runs, for its CPU and GC counters, after collecting its garbage when
    /// <paramref name="settle"/> is set. Null when the worker does not answer: the next run finds out why.
    /// </summary>
    public ProcessUsage? ReadUsage(bool settle)
    {
        try
        {
            var channel = Channels[0];
            channel.BeginMessage(MessageType.Report);
            channel.WriteByte(settle ? (byte)1 : (byte)0);
            channel.EndMessage();
            if (channel.ReadMessage(out var length) != MessageType.Usage) throw new ProtocolException("The worker answered Report with something else.");
            var (cpu, gc, collections) = ReadCounters(channel);
            channel.ReadPayload(length, reuse: true);
            return new ProcessUsage(ProcessId, cpu, gc, ReadyCpuSeconds, ReadyGcPause) { Collections = collections, ReadyCollections = ReadyCollections };
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>What WorkerHost.WriteUsage wrote: CPU nanoseconds, GC pause ticks, collections per generation.</summary>
    private static (double Cpu, TimeSpan Gc, GcCounts Collections) ReadCounters(WireChannel channel) =>
        (channel.ReadInt64() * 1e-9, TimeSpan.FromTicks(channel.ReadInt64()), new GcCounts(channel.ReadInt32(), channel.ReadInt32(), channel.ReadInt32()));

    /// <summary>Starts a worker, waits for each slot's connection, and sets the workload up on every slot.</summary>
    /// <param name="maps">Under -TransferMode SharedMemory, each slot's maps (by slot, from 0); null to copy through the socket.</param>
    public static WorkerProcess Start(int workerId, int slots, string folder, IWorkerLauncher launcher,
        WorkloadSpec spec, long maxResultBytes, WorkerGcMode gcMode, TimeSpan timeout, CancellationToken cancellation,
        IReadOnlyList<SlotMapPaths>? maps = null)
    {
        // A listening socket of its own per worker, so workers starting at once never take each other's connections.
        var socketPath = Path.Combine(folder, $"w{workerId}.sock");
        if (File.Exists(socketPath)) File.Delete(socketPath);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener.Listen(slots);
        var info = launcher.CreateStartInfo(new WorkerArguments(socketPath, workerId, slots, Environment.ProcessId));
        // User code may print: capture it so it never reaches the caller's console, and keep the last lines to explain a crash.
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        // Set here, after the launcher: the same collector whether the worker is the .NET host or pwsh.
        foreach (var (name, value) in gcMode.EnvironmentVariables()) info.Environment[name] = value;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var tail = new Queue<string>();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (tail)
            {
                tail.Enqueue(e.Data);
                while (tail.Count > StderrLinesKept) tail.Dequeue();
            }
        };
        if (!process.Start()) throw new InvalidOperationException($"Could not start worker {workerId} ({launcher.Description}).");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        var channels = new WireChannel[slots];
        var worker = new WorkerProcess(workerId, process, channels, tail);
        var deadline = DateTime.UtcNow + timeout;
        // A stop kills the starting process, so a read blocked in the handshake returns at once.
        using var stop = cancellation.Register(worker.Kill);
        try
        {
            for (var accepted = 0; accepted < slots; accepted++)
            {
                var socket = Accept(listener, process, deadline, timeout, cancellation, worker.DescribeExit);
                var channel = new WireChannel(new NetworkStream(socket, ownsSocket: true));
                HandshakeDeadline(channel, deadline);
                if (channel.ReadMessage(out _) != MessageType.Hello) throw new ProtocolException("A worker did not greet first.");
                var helloWorker = channel.ReadInt32();
                var slot = channel.ReadInt32();
                channel.ReadInt32();
                if (helloWorker != workerId || slot < 1 || slot > slots || channels[slot - 1] is not null)
                    throw new ProtocolException($"Worker {workerId} connected as worker {helloWorker}, slot {slot}: the pool's connections are crossed.");
                channels[slot - 1] = channel;
            }
            for (var slot = 0; slot < slots; slot++)
            {
                var channel = channels[slot];
                channel.BeginMessage(MessageType.Setup);
                channel.WriteString(spec.Name);
                channel.WriteInt64(spec.Size);
                channel.WriteInt32(spec.Tasks);
                channel.WriteString(spec.Text);
                channel.WriteBytes(spec.Data);
                channel.WriteBytes(spec.CallerValues);
                var map = maps?[slot];
                channel.WriteString(map?.InputPath);
                channel.WriteInt64(map?.InputBytes ?? 0);
                channel.WriteString(map?.OutputPath);
                channel.WriteInt64(map?.OutputBytes ?? 0);
                channel.EndMessage();
            }
            foreach (var channel in channels)
            {
                HandshakeDeadline(channel, deadline);
                if (channel.ReadMessage(out var length) != MessageType.Ready) throw new ProtocolException("A worker answered Setup with something else.");
                var error = channel.ReadString();
                worker.Runtime = channel.ReadString() ?? "";
                worker.GcMode = channel.ReadString() ?? "";
                (worker.ReadyCpuSeconds, worker.ReadyGcPause, worker.ReadyCollections) = ReadCounters(channel);
                channel.ReadPayload(length, reuse: true);
                if (error is not null) throw new InvalidOperationException($"Worker {workerId} could not set up workload '{spec.Name}': {error}");
            }
            foreach (var channel in channels)
            {
                HandshakeDeadline(channel, null);
                channel.MaxPayloadBytes = maxResultBytes;
            }
            File.Delete(socketPath);
            return worker;
        }
        catch (Exception) when (cancellation.IsCancellationRequested)
        {
            worker.Kill();
            worker.Dispose();
            throw new OperationCanceledException(cancellation);
        }
        catch (Exception e) when (e is IOException { InnerException: SocketException { SocketErrorCode: SocketError.TimedOut } })
        {
            worker.Kill();
            worker.Dispose();
            throw new TimeoutException($"Worker {workerId} connected but did not finish its handshake within {timeout.TotalSeconds:0.#} s ({launcher.Description}).", e);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            worker.Kill();
            var why = worker.DescribeExit();
            worker.Dispose();
            throw new InvalidOperationException($"Worker {workerId} failed to start: {why}", e);
        }
        catch
        {
            worker.Kill();
            worker.Dispose();
            throw;
        }
    }

    /// <summary>Bounds each handshake read by what is left of the start's deadline; null lifts the bound once set up.</summary>
    private static void HandshakeDeadline(WireChannel channel, DateTime? deadline)
    {
        if (channel.Stream is not NetworkStream network) return;
        network.ReadTimeout = deadline is { } d ? (int)Math.Clamp((d - DateTime.UtcNow).TotalMilliseconds, 1, int.MaxValue) : Timeout.Infinite;
    }

    private static Socket Accept(Socket listener, Process process, DateTime deadline, TimeSpan timeout, CancellationToken cancellation, Func<string> describeExit)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (listener.Poll(50_000, SelectMode.SelectRead)) return listener.Accept();
            if (process.HasExited) throw new InvalidOperationException($"The worker exited before connecting: {describeExit()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The worker did not connect within {timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>How the process ended (exit code or signal) and the last lines it wrote to stderr.</summary>
    public string DescribeExit() => Volatile.Read(ref exitOnDispose) ?? DescribeExit(stderrTail);

    // Read once before the process object is disposed: a slot that notices the death later still learns how it died.
    private string? exitOnDispose;

    private string DescribeExit(Queue<string> tail)
    {
        string how;
        try
        {
            if (!process.HasExited) process.WaitForExit(500);
            how = process.HasExited
                ? process.ExitCode > 128 && !OperatingSystem.IsWindows()
                    ? $"process {ProcessId} was killed by signal {process.ExitCode - 128}"
                    : $"process {ProcessId} exited with code {process.ExitCode}"
                : $"process {ProcessId} stopped answering";
        }
        catch (InvalidOperationException)
        {
            how = $"process {ProcessId} could not be inspected";
        }
        string[] lines;
        lock (tail) lines = tail.ToArray();
        return lines.Length == 0 ? how : $"{how}; it last wrote: {string.Join(" | ", lines.TakeLast(3))}";
    }

    private bool HasExited()
    {
        try { return process.HasExited; } catch (InvalidOperationException) { return false; }
    }

    public void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>Asks the worker to finish, then makes sure it has.</summary>
    public void Dispose()
    {
        foreach (var channel in Channels)
        {
            if (channel is null) continue;
            try
            {
                channel.BeginMessage(MessageType.Quit);
                channel.EndMessage();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
            {
                // The worker is already gone.
            }
            channel.Dispose();
        }
        try
        {
            if (!process.WaitForExit(2000)) Kill();
            process.WaitForExit(2000);
        }
        catch (InvalidOperationException)
        {
        }
        Volatile.Write(ref exitOnDispose, DescribeExit(stderrTail));
        // A pwsh worker that was killed leaves its Enter-PSHostProcess socket in the temp folder.
        if (HasExited()) PowerShellHostPipe.RemoveLeftBy(ProcessId, startTime);
        process.Dispose();
    }
}
