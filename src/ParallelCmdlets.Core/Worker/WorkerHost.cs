using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using ParallelCmdlets.Worker.Messages;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Worker;

/// <summary>
/// The worker process's loop. A worker opens one Unix-socket connection per slot (ThreadsPerWorker) to the
/// parent's private socket and serves each on its own thread: receive Setup once, then Run/Done until Quit
/// or the parent hangs up. The worker's stdin and stdout are never used, so user code may print freely.
/// The same loop runs in ParallelCmdlets.Worker (compiled workloads) and, with a PowerShell engine at hand, for PowerShell ones.
/// </summary>
public static class WorkerHost
{
    public const int ExitParentGone = 3;
    public const int ExitBadArguments = 2;

    private static readonly object SetupLock = new();

    public static int Run(string[] args, WorkloadCatalog catalog)
    {
        string? socket = null;
        int worker = 0, slots = 1, parent = 0;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--socket": socket = args[i + 1]; break;
                case "--worker": worker = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--slots": slots = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--parent": parent = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            }
        }
        if (socket is null || worker < 1 || slots < 1)
        {
            Console.Error.WriteLine("usage: ParallelCmdlets.Worker --socket PATH --worker ID --slots N --parent PID");
            return ExitBadArguments;
        }
        if (parent > 0) WatchParent(parent);

        var workloads = new Dictionary<string, Workload>();
        var threads = Enumerable.Range(1, slots).Select(slot => new Thread(() => Serve(socket, worker, slot, catalog, workloads))
        {
            Name = $"ParallelCmdlets worker {worker}.{slot}",
        }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        foreach (var w in workloads.Values) w.Dispose();
        // Every connection closed: by a Quit, or because the parent is gone, in which case no one else will remove its maps.
        if (parent > 0 && ParentGone(parent)) RemoveMapFolders();
        return 0;
    }

    private static void Serve(string socketPath, int worker, int slot, WorkloadCatalog catalog, Dictionary<string, Workload> workloads)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        using var channel = new WireChannel(new NetworkStream(socket, ownsSocket: true));
        new HelloMessage(worker, slot, Environment.ProcessId).Write(channel);

        Workload? workload = null;
        object? state = null;
        SharedMemoryMap? input = null, output = null;
        MappedPayload? answer = null;
        var threadId = Environment.CurrentManagedThreadId;
        try
        {
            while (channel.TryReadHead(out var type))
            {
                switch (type)
                {
                    case MessageType.Setup:
                    {
                        var setup = SetupMessage.Read(channel);
                        string? error = null;
                        try
                        {
                            WorkerProtocol.Require(setup.ProtocolVersion, "The parent", "this worker");
                            workload = GetPrepared(setup.Spec, catalog, workloads);
                            state = workload.CreateWorkerState();
                            if (setup.Maps is { } maps)
                            {
                                if (workload is not INumericPayloadWorkload)
                                    throw new InvalidOperationException($"Workload '{setup.Spec.Name}' cannot compute in shared memory: its argument and result are not arrays of doubles.");
                                RememberMapFolder(Path.GetDirectoryName(maps.InputPath)!);
                                input = SharedMemoryMap.Open(maps.InputPath, maps.InputBytes);
                                output = SharedMemoryMap.Open(maps.OutputPath, maps.OutputBytes);
                            }
                        }
                        catch (Exception e)
                        {
                            error = e.Message;
                        }
                        // The counters once set up, so set-up work is not counted as the first run's.
                        new ReadyMessage(error, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, GcDescription.Current(), WorkerCounters.Current()).Write(channel);
                        break;
                    }
                    case MessageType.Report:
                    {
                        if (ReportMessage.Read(channel).Settle)
                        {
                            // Every run starts from collected memory, in the workers as in the parent.
                            GC.Collect();
                            GC.WaitForPendingFinalizers();
                            GC.Collect();
                        }
                        new UsageMessage(WorkerCounters.Current()).Write(channel);
                        break;
                    }
                    case MessageType.Run:
                    {
                        var run = RunMessage.Read(channel);
                        if (run.Payload is MappedPayload mapped) RunInPlace(channel, workload, input, output, run.TaskId, mapped, threadId, ref answer);
                        else RunOne(channel, workload, state, run.TaskId, run.Payload, threadId);
                        break;
                    }
                    case MessageType.Quit:
                        QuitMessage.Read(channel);
                        return;
                    default:
                        throw new ProtocolException($"Unexpected message {type} from the parent.");
                }
            }
        }
        catch (IOException)
        {
            // The parent hung up or is gone: nothing to report to, just end this slot.
        }
        finally
        {
            if (workload is not null) workload.ReleaseWorkerState(state);
            input?.Dispose();
            output?.Dispose();
        }
    }

    /// <summary>
    /// A task whose argument the parent left in this slot's input map: computed from a span over that mapping into
    /// a span over the output map, then answered with only the result's length; nothing is copied to a managed array.
    /// The answer is <paramref name="answer"/> again while the result's length repeats (a workload's results have one
    /// length), so the per-task path allocates nothing for it.
    /// </summary>
    private static void RunInPlace(WireChannel channel, Workload? workload, SharedMemoryMap? input, SharedMemoryMap? output, int taskId, MappedPayload argument, int threadId,
        ref MappedPayload? answer)
    {
        var timing = new TaskTiming();
        long written = 0;
        try
        {
            if (workload is not INumericPayloadWorkload numeric || input is null || output is null)
                throw new InvalidOperationException("The worker received a task in shared memory without its maps set up.");
            ReadOnlySpan<double> x = input.Doubles(argument.Doubles);
            var y = output.Doubles(output.CapacityDoubles);
            timing.InputReady();
            written = numeric.Execute(taskId, x, y, CancellationToken.None);
            timing.Executed();
        }
        catch (Exception e)
        {
            timing.Fail(e);
            written = 0;
        }
        if (answer?.Doubles != written) answer = new MappedPayload(written);
        timing.Done(taskId, threadId, answer).Write(channel);
    }

    private static readonly List<string> MapFolders = [];

    private static void RememberMapFolder(string folder)
    {
        lock (MapFolders)
            if (!MapFolders.Contains(folder)) MapFolders.Add(folder);
    }

    /// <summary>
    /// The parent removes its map folder when the pool ends; a parent that was killed outright cannot, so the
    /// worker that notices it gone removes it, and the maps never outlive both.
    /// </summary>
    private static void RemoveMapFolders()
    {
        lock (MapFolders)
            foreach (var folder in MapFolders) SharedMemoryFolder.Remove(folder);
    }

    private static void RunOne(WireChannel channel, Workload? workload, object? state, int taskId, object? wire, int threadId)
    {
        var timing = new TaskTiming();
        object? output = null;
        try
        {
            if (workload is null) throw new InvalidOperationException("The worker received a task before its workload was set up.");
            var input = workload.FromWire(wire);
            timing.InputReady();
            var result = workload.Execute(taskId, input, state, CancellationToken.None);
            timing.Executed();
            output = workload.ToWire(result);
        }
        catch (Exception e)
        {
            timing.Fail(e);
            output = null;
        }
        timing.Done(taskId, threadId, output).Write(channel);
    }

    /// <summary>
    /// A task's stamps as its Done message reports them, the same whether its data came by the socket or a map:
    /// when its input was ready, its thread's CPU while it ran, its end, and why it failed. A struct, so the
    /// worker's per-task path allocates nothing for it.
    /// </summary>
    private struct TaskTiming
    {
        private long inputReady, end;
        private double cpuAtStart, cpu;
        private string? error;

        public void InputReady()
        {
            inputReady = Stopwatch.GetTimestamp();
            cpuAtStart = Measurement.CpuClock.ThreadSeconds();
        }

        public void Executed()
        {
            cpu = Measurement.CpuClock.ThreadSeconds() - cpuAtStart;
            end = Stopwatch.GetTimestamp();
        }

        /// <summary>Whatever was not stamped yet is stamped now: a failure before the task ran counts from here.</summary>
        public void Fail(Exception e)
        {
            if (inputReady == 0) inputReady = Stopwatch.GetTimestamp();
            else if (cpu == 0) cpu = Measurement.CpuClock.ThreadSeconds() - cpuAtStart;
            end = Stopwatch.GetTimestamp();
            error = Executors.TaskErrors.Describe(e);
        }

        /// <summary>The task's Done message, carrying <paramref name="result"/> (null when it failed).</summary>
        public readonly DoneMessage Done(int taskId, int threadId, object? result) =>
            new(taskId, error is null ? TaskState.Completed : TaskState.Failed, threadId, inputReady, end, cpu, error, result);
    }

    private static Workload GetPrepared(WorkloadSpec spec, WorkloadCatalog catalog, Dictionary<string, Workload> workloads)
    {
        // One prepared instance per process, shared by its slots: preparing twice would double the set-up.
        lock (SetupLock)
        {
            var key = $"{spec.Name}|{spec.Size}|{spec.Tasks}|{spec.Text}|{(spec.Data is null ? "" : Convert.ToBase64String(spec.Data))}|{(spec.CallerValues is null ? "" : Convert.ToBase64String(spec.CallerValues))}";
            if (!workloads.TryGetValue(key, out var workload))
            {
                workload = catalog.Create(spec);
                workload.PrepareLocal();
                workloads[key] = workload;
            }
            return workload;
        }
    }

    /// <summary>
    /// Whether the parent has exited. On Linux a child is handed to another parent the moment its own exits, so
    /// getppid tells even when the dead parent lingers as a zombie that no one has reaped (and still has a pid).
    /// </summary>
    private static bool ParentGone(int parentId)
    {
        if (OperatingSystem.IsLinux()) return Native.NativeMethods.GetParentProcessId() != parentId;
        try
        {
            using var parent = Process.GetProcessById(parentId);
            return parent.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static void LeaveForGoneParent()
    {
        RemoveMapFolders();
        Environment.Exit(ExitParentGone);
    }

    /// <summary>Exits when the parent is gone, even in the middle of a task, so no worker outlives its run.</summary>
    private static void WatchParent(int parentId)
    {
        var thread = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(500);
                if (ParentGone(parentId)) LeaveForGoneParent();
            }
        })
        { IsBackground = true, Name = "ParallelCmdlets parent watch" };
        thread.Start();
    }
}
