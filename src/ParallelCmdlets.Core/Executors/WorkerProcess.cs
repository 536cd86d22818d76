using System.Diagnostics;
using System.Net.Sockets;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Worker;
using ParallelCmdlets.Worker.Messages;
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
    public TimeSpan ReadyJitTime { get; private set; }

    /// <summary>
    /// Asks the worker, between runs, for its CPU and GC counters, after collecting its garbage when
    /// <paramref name="settle"/> is set. Null when the worker does not answer: the next run finds out why.
    /// </summary>
    public ProcessUsage? ReadUsage(bool settle)
    {
        try
        {
            var channel = Channels[0];
            new ReportMessage(settle).Write(channel);
            var (cpu, gc, collections, jit) = UsageMessage.Read(channel).Counters;
            return new ProcessUsage(ProcessId, cpu, gc, ReadyCpuSeconds, ReadyGcPause)
            {
                Collections = collections, ReadyCollections = ReadyCollections, JitTime = jit, ReadyJitTime = ReadyJitTime,
            };
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

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
                var hello = HelloMessage.Read(channel);
                // First: a worker of another build may mean anything by the rest of what it says.
                WorkerProtocol.Require(hello.ProtocolVersion, $"Worker {workerId} ({launcher.Description})", "this module");
                if (hello.Worker != workerId || hello.Slot < 1 || hello.Slot > slots || channels[hello.Slot - 1] is not null)
                    throw new ProtocolException($"Worker {workerId} connected as worker {hello.Worker}, slot {hello.Slot}: the pool's connections are crossed.");
                channels[hello.Slot - 1] = channel;
            }
            for (var slot = 0; slot < slots; slot++)
                new SetupMessage(spec, maps?[slot]).Write(channels[slot]);
            foreach (var channel in channels)
            {
                HandshakeDeadline(channel, deadline);
                var ready = ReadyMessage.Read(channel);
                worker.Runtime = ready.Runtime;
                worker.GcMode = ready.GcMode;
                (worker.ReadyCpuSeconds, worker.ReadyGcPause, worker.ReadyCollections, worker.ReadyJitTime) = ready.Counters;
                if (ready.Error is not null) throw new InvalidOperationException($"Worker {workerId} could not set up workload '{spec.Name}': {ready.Error}");
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
        catch (ProtocolVersionException)
        {
            // Said as it stands: the worker is well, only from another build, and how it exits would hide that.
            worker.Kill();
            worker.Dispose();
            throw;
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
        channel.SetReadTimeout(deadline is { } d ? (int)Math.Clamp((d - DateTime.UtcNow).TotalMilliseconds, 1, int.MaxValue) : Timeout.Infinite);
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
                new QuitMessage().Write(channel);
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
