using System.Net.Sockets;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Worker;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Executors;

/// <summary>
/// A warm pool of worker processes, as Dask's Client(processes=True) is: started and handshaken before the
/// timed run, each worker running ThreadsPerWorker threads, all fed from one queue. Arguments and results
/// cross over private Unix sockets (a 0700 folder, 0600 sockets) in length-prefixed frames. One parent thread
/// per worker slot sends a task and waits for its answer, so every connection has exactly one user.
/// </summary>
public sealed class ProcessExecutor : IExecutor
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private readonly Workload workload;
    private readonly ExecutorOptions options;
    private readonly IWorkerLauncher launcher;
    private readonly WorkerProcess?[] pool;
    private readonly object poolLock = new();
    private SlotThreads? dispatchers;
    private string? folder;
    private double startup;
    private bool disposed;

    public ProcessExecutor(int workers, int threadsPerWorker, Workload workload, ExecutorOptions options)
    {
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "Workers must be at least 1.");
        if (threadsPerWorker < 1) throw new ArgumentOutOfRangeException(nameof(threadsPerWorker), threadsPerWorker, "ThreadsPerWorker must be at least 1.");
        this.workload = workload;
        this.options = options;
        launcher = options.Launcher ?? DotnetWorkerLauncher.TryCreateDefault()
            ?? throw new InvalidOperationException("No way to start worker processes: ParallelCmdlets.Worker.dll or a dotnet host is missing.");
        ThreadsPerWorker = threadsPerWorker;
        pool = new WorkerProcess?[workers];
    }

    public Strategy Strategy => Strategy.Processes;
    public int Workers => pool.Length;
    public int ThreadsPerWorker { get; }
    public double StartupSeconds => startup;

    /// <summary>The private folder holding the workers' sockets, while the pool runs.</summary>
    internal string? SocketFolder => folder;

    /// <summary>Process ids of the live workers, for callers that check nothing is left behind.</summary>
    public IReadOnlyList<int> WorkerProcessIds
    {
        get
        {
            lock (poolLock) return pool.Where(w => w is not null).Select(w => w!.ProcessId).ToArray();
        }
    }

    public void Start(CancellationToken cancellation)
    {
        var begin = options.Clock.GetTimestamp();
        folder = PrivateFolder.CreateTemporary("pcw");
        // Start all workers at once: start-up is then one worker's latency, not the sum.
        var starting = Enumerable.Range(0, Workers)
            .Select(i => Task.Run(() => pool[i] = StartWorker(i + 1, cancellation), cancellation))
            .ToArray();
        try
        {
            Task.WaitAll(starting, cancellation);
        }
        catch (AggregateException e)
        {
            throw new InvalidOperationException(TaskErrors.Describe(e), e.InnerException);
        }
        dispatchers = new SlotThreads(Workers * ThreadsPerWorker, "ParallelCmdlets dispatcher", _ => { }, _ => { });
        dispatchers.Start(cancellation);
        startup = (options.Clock.GetTimestamp() - begin) / options.Clock.Frequency;
    }

    private WorkerProcess StartWorker(int workerId, CancellationToken cancellation) =>
        WorkerProcess.Start(workerId, ThreadsPerWorker, folder!, launcher, workload.Spec, ConnectTimeout, cancellation);

    public IReadOnlyList<ProcessUsage> ReadWorkerUsage(bool settle)
    {
        WorkerProcess[] live;
        lock (poolLock) live = pool.OfType<WorkerProcess>().ToArray();
        // All at once: settling is a full collection in every worker, which need not wait for each other.
        return live.AsParallel().Select(w => w.ReadUsage(settle)).OfType<ProcessUsage>().ToList();
    }

    public string WorkerRuntime => FirstWorker()?.Runtime ?? "";
    public string WorkerGcMode => FirstWorker()?.GcMode ?? "";

    private WorkerProcess? FirstWorker()
    {
        lock (poolLock) return pool.FirstOrDefault(w => w is not null);
    }

    public ExecutedRun Run(int tasks, ITaskSink sink, CancellationToken cancellation)
    {
        if (dispatchers is null) throw new InvalidOperationException("Start the executor before running tasks.");
        var run = new RunState(tasks, options.Clock);
        var cpu = 0.0;
        // Stopping kills the workers, so every blocked read returns at once instead of waiting for a task to end.
        using (cancellation.Register(KillAll))
        {
            try
            {
                cpu = dispatchers.RunOnAll(slot => Dispatch(run, slot, sink, cancellation), cancellation);
            }
            catch (OperationCanceledException)
            {
                run.Drain();
            }
        }
        return run.ToExecutedRun(cpu, id => InProcessRunner.Untaken(run, id, options, Strategy, Workers, ThreadsPerWorker));
    }

    private void Dispatch(RunState run, int slot, ITaskSink sink, CancellationToken cancellation)
    {
        var workerIndex = slot / ThreadsPerWorker;
        var channelIndex = slot % ThreadsPerWorker;
        int taskId;
        while ((taskId = run.TakeNext()) != 0)
        {
            if (cancellation.IsCancellationRequested)
            {
                run.Drain();
                return;
            }
            var worker = pool[workerIndex];
            if (worker is null)
            {
                run.Record(Unfinished(run, taskId, workerIndex + 1, 0, run.Clock.GetTimestamp(), TaskState.Failed, "The worker could not be restarted."));
                continue;
            }
            var record = RunOne(run, worker, worker.Channels[channelIndex], taskId, cancellation);
            run.Record(record);
            sink.TaskFinished(record);
        }
    }

    private TaskRecord RunOne(RunState run, WorkerProcess worker, WireChannel channel, int taskId, CancellationToken cancellation)
    {
        var dispatched = run.Clock.GetTimestamp();
        try
        {
            var wire = workload.ToWire(workload.CreateInput(taskId));
            channel.BeginMessage(MessageType.Run);
            channel.WriteInt32(taskId);
            var bytesIn = channel.EndMessage(wire);
            SetTimeout(channel);
            if (channel.ReadMessage(out var payloadLength) != MessageType.Done) throw new ProtocolException("The worker answered a task with something else.");
            var doneTaskId = channel.ReadInt32();
            if (doneTaskId != taskId) throw new ProtocolException($"The worker answered task {doneTaskId} when task {taskId} was running.");
            var status = (TaskState)channel.ReadByte();
            var threadId = channel.ReadInt32();
            var inputReady = channel.ReadInt64();
            var end = channel.ReadInt64();
            var cpuSeconds = channel.ReadInt64() * 1e-9;
            var error = channel.ReadString();
            var payload = channel.ReadPayload(payloadLength, reuse: !options.KeepOutput);
            var output = status == TaskState.Completed ? workload.FromWire(payload) : null;
            var received = run.Clock.GetTimestamp();
            return new TaskRecord
            {
                RunId = run.RunId,
                Workload = options.WorkloadName,
                Strategy = Strategy,
                Workers = Workers,
                ThreadsPerWorker = ThreadsPerWorker,
                TaskId = taskId,
                WorkerId = worker.WorkerId,
                ProcessId = worker.ProcessId,
                ThreadId = threadId,
                Start = run.Since(dispatched),
                End = run.Since(received),
                QueueWait = run.Since(dispatched),
                TransferIn = Math.Max(0, (inputReady - dispatched) / run.Clock.Frequency),
                TransferOut = Math.Max(0, (received - end) / run.Clock.Frequency),
                CpuSeconds = cpuSeconds,
                BytesIn = bytesIn,
                BytesOut = payloadLength,
                Status = status,
                Error = error,
                Output = options.KeepOutput ? output : null,
            };
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            var timedOut = e is IOException { InnerException: SocketException { SocketErrorCode: SocketError.TimedOut } };
            worker.Kill();
            var why = worker.DescribeExit();
            if (!cancellation.IsCancellationRequested && !disposed) Replace(worker);
            if (cancellation.IsCancellationRequested)
                return Unfinished(run, taskId, worker.WorkerId, worker.ProcessId, dispatched, TaskState.Cancelled, "The run was stopped; the worker was ended.");
            if (timedOut)
                return Unfinished(run, taskId, worker.WorkerId, worker.ProcessId, dispatched, TaskState.Cancelled, $"The task ran past the {options.TimeoutSeconds:0.###} s timeout; worker {worker.WorkerId} was ended and replaced.");
            return Unfinished(run, taskId, worker.WorkerId, worker.ProcessId, dispatched, TaskState.Failed, $"Worker {worker.WorkerId} died during the task: {why}. It was replaced.");
        }
    }

    private void SetTimeout(WireChannel channel)
    {
        if (channel.Stream is NetworkStream network)
            network.ReadTimeout = options.TimeoutSeconds is { } seconds ? (int)Math.Ceiling(seconds * 1000) : Timeout.Infinite;
    }

    /// <summary>The record of a task that never brought a result back: failed with its worker, or cancelled.</summary>
    private TaskRecord Unfinished(RunState run, int taskId, int workerId, int processId, long dispatched, TaskState status, string error) => new()
    {
        RunId = run.RunId,
        Workload = options.WorkloadName,
        Strategy = Strategy,
        Workers = Workers,
        ThreadsPerWorker = ThreadsPerWorker,
        TaskId = taskId,
        WorkerId = workerId,
        ProcessId = processId,
        Start = run.Since(dispatched),
        End = run.Since(run.Clock.GetTimestamp()),
        QueueWait = run.Since(dispatched),
        Status = status,
        Error = error,
    };

    /// <summary>Replaces a dead worker once, however many of its slots noticed.</summary>
    private void Replace(WorkerProcess dead)
    {
        lock (poolLock)
        {
            var index = dead.WorkerId - 1;
            if (!ReferenceEquals(pool[index], dead)) return;
            dead.Dispose();
            pool[index] = null;
            try
            {
                pool[index] = StartWorker(dead.WorkerId, CancellationToken.None);
            }
            catch (Exception)
            {
                // Left empty: the remaining tasks of this worker's slots fail with a clear message.
            }
        }
    }

    private void KillAll()
    {
        lock (poolLock)
            foreach (var worker in pool) worker?.Kill();
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        KillAllGracefully();
        dispatchers?.Dispose();
        if (folder is not null && Directory.Exists(folder))
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private void KillAllGracefully()
    {
        lock (poolLock)
        {
            for (var i = 0; i < pool.Length; i++)
            {
                pool[i]?.Dispose();
                pool[i] = null;
            }
        }
    }
}
