using System.Net.Sockets;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Worker;
using ParallelCmdlets.Worker.Messages;
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
    private readonly Workload workload;
    private readonly ExecutorOptions options;
    private readonly IWorkerLauncher launcher;
    private readonly WorkerProcess?[] pool;
    private readonly Task?[] replacing;
    private readonly string?[] replacementErrors;
    // Slots whose worker was ended during a run: replaced when a task needs the slot or before the next run, so a
    // run's last timeouts all end at once instead of waiting on (and competing with) pwsh workers starting.
    private readonly bool[] vacant;
    private string workerRuntime = "";
    private string workerGcMode = "";
    private readonly CancellationTokenSource lifetime = new();
    private readonly object poolLock = new();
    private SlotThreads? dispatchers;
    private string? folder;
    private PoolMaps? maps;
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
        replacing = new Task?[workers];
        replacementErrors = new string?[workers];
        vacant = new bool[workers];
    }

    public Strategy Strategy => Strategy.Processes;
    public int Workers => pool.Length;
    public int ThreadsPerWorker { get; }
    public double StartupSeconds => startup;

    /// <summary>The private folder holding the workers' sockets, while the pool runs.</summary>
    internal string? SocketFolder => folder;

    /// <summary>Under -TransferMode SharedMemory, the private folder (under /dev/shm) holding the slots' maps, while the pool runs.</summary>
    internal string? MapFolder => maps?.Folder;

    public TransferMode TransferMode => options.TransferMode;

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
        // Named after this process, so whoever looks for a pool's leftovers can tell its own from another program's.
        folder = PrivateFolder.CreateTemporary($"pcw-{Environment.ProcessId}");
        if (options.TransferMode == TransferMode.SharedMemory) maps = PoolMaps.Create(workload, Workers * ThreadsPerWorker);
        // Start all workers at once: start-up is then one worker's latency, not the sum.
        var starting = Enumerable.Range(0, Workers).Select(i => Task.Run(() =>
        {
            var worker = StartWorker(i + 1, options.WorkerConnectTimeout, cancellation);
            lock (poolLock) pool[i] = worker;
        })).ToArray();
        try
        {
            Task.WaitAll(starting, cancellation);
        }
        catch (OperationCanceledException)
        {
            // Each start sees the token within 50 ms (or has its process killed by it): wait, so no worker
            // being started outlives this call, and observe every failure.
            WaitQuietly(starting);
            throw;
        }
        catch (AggregateException e)
        {
            WaitQuietly(starting);
            if (cancellation.IsCancellationRequested) throw new OperationCanceledException(cancellation);
            throw new InvalidOperationException(TaskErrors.Describe(e), e.InnerException);
        }
        dispatchers = new SlotThreads(Workers * ThreadsPerWorker, "ParallelCmdlets dispatcher", _ => { }, _ => { });
        dispatchers.Start(cancellation);
        startup = (options.Clock.GetTimestamp() - begin) / options.Clock.Frequency;
    }

    private static void WaitQuietly(Task[] tasks)
    {
        try { Task.WaitAll(tasks); } catch (AggregateException) { /* observed: reported by the caller */ }
    }

    private WorkerProcess StartWorker(int workerId, TimeSpan connectTimeout, CancellationToken cancellation)
    {
        var worker = WorkerProcess.Start(workerId, ThreadsPerWorker, folder!, launcher, workload.Spec, workload.MaxResultBytes, options.WorkerGcMode, connectTimeout, cancellation,
            maps?.PathsFor(workerId, ThreadsPerWorker));
        // Kept apart from the pool: after a run whose every worker was ended, the result still names them.
        workerRuntime = worker.Runtime;
        workerGcMode = worker.GcMode;
        return worker;
    }

    public IReadOnlyList<ProcessUsage> ReadWorkerUsage(bool settle)
    {
        WorkerProcess[] live;
        lock (poolLock) live = pool.OfType<WorkerProcess>().ToArray();
        // All at once: settling is a full collection in every worker, which need not wait for each other.
        return live.AsParallel().Select(w => w.ReadUsage(settle)).OfType<ProcessUsage>().ToList();
    }

    public string WorkerRuntime => workerRuntime;
    public string WorkerGcMode => workerGcMode;

    /// <summary>Replaces the workers ended during the last run, before this run's counters are read and its clock starts.</summary>
    public void PrepareRun(CancellationToken cancellation)
    {
        lock (poolLock)
            for (var i = 0; i < pool.Length; i++)
                if (vacant[i]) StartReplacementLocked(i, cancellation);
        AwaitReplacements(cancellation);
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
                run.EmptyQueue();
            }
        }
        return run.ToExecutedRun(cpu);
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
                run.EmptyQueue();
                return;
            }
            var worker = WorkerFor(workerIndex, cancellation);
            var record = worker is null
                ? Unfinished(run, taskId, workerIndex + 1, 0, run.Clock.GetTimestamp(),
                    cancellation.IsCancellationRequested ? TaskState.Cancelled : TaskState.Failed,
                    cancellation.IsCancellationRequested ? "The run was stopped while its worker was being replaced."
                        : $"Worker {workerIndex + 1} could not be restarted: {replacementErrors[workerIndex] ?? "it was not running"}.")
                : RunOne(run, worker, worker.Channels[channelIndex], slot, taskId, cancellation);
            run.Record(record);
            sink.TaskFinished(record);
        }
    }

    /// <summary>The live worker of a slot, starting or waiting for its replacement; null if there is none.</summary>
    private WorkerProcess? WorkerFor(int index, CancellationToken cancellation)
    {
        Task? pending;
        lock (poolLock)
        {
            if (pool[index] is { } live) return live;
            if (vacant[index]) StartReplacementLocked(index, cancellation);
            pending = replacing[index];
        }
        if (pending is null) return null;
        try
        {
            pending.Wait(cancellation);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        lock (poolLock) return pool[index];
    }

    private TaskRecord RunOne(RunState run, WorkerProcess worker, WireChannel channel, int slot, int taskId, CancellationToken cancellation)
    {
        var dispatched = run.Clock.GetTimestamp();
        object? wire;
        try
        {
            // In shared memory the argument is copied into the slot's map here, inside TransferIn: memory to memory, not through the socket.
            wire = maps is null ? workload.ToWire(workload.CreateInput(taskId)) : maps.FillInput(slot, workload, taskId);
        }
        catch (Exception e)
        {
            // Nothing was sent: the worker is fine, only this task failed.
            return Unfinished(run, taskId, worker.WorkerId, worker.ProcessId, dispatched, TaskState.Failed,
                $"The task's argument could not be prepared for the worker: {TaskErrors.Describe(e)}");
        }
        try
        {
            var bytesIn = new RunMessage(taskId, wire).Write(channel);
            SetTimeout(channel);
            var (doneTaskId, status, threadId, inputReady, end, cpuSeconds, error, payload) = DoneMessage.Read(channel, reuse: !options.KeepOutput);
            var payloadLength = channel.PayloadBytes;
            if (doneTaskId != taskId) throw new ProtocolException($"The worker answered task {doneTaskId} when task {taskId} was running.");
            if ((maps is null) != (payload is not MappedPayload))
                throw new ProtocolException(maps is null ? "The worker answered in shared memory, which this pool did not set up." : "The worker answered through the socket where shared memory was set up.");
            if (payload is MappedPayload answer) maps!.CheckAnswer(slot, answer);
            object? output = null;
            if (status == TaskState.Completed)
            {
                try
                {
                    // The result stays in the output map, where the parent reads it in place; only output the caller keeps is copied out.
                    output = payload is MappedPayload mappedOut
                        ? options.KeepOutput ? maps!.CopyOutput(slot, mappedOut) : null
                        : workload.FromWire(payload);
                }
                catch (Exception e)
                {
                    // The whole frame was read, so the connection is still in step: only this task failed.
                    status = TaskState.Failed;
                    error = $"The task's result could not be read back: {TaskErrors.Describe(e)}";
                }
            }
            var received = run.Clock.GetTimestamp();
            return run.Template with
            {
                TaskId = taskId,
                WorkerId = worker.WorkerId,
                ProcessId = worker.ProcessId,
                ThreadId = threadId,
                Start = run.Since(dispatched),
                End = run.Since(received),
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
        catch (Exception e)
        {
            // The connection is out of step or gone: end the worker, replace it, and say what really happened.
            var timedOut = e is IOException { InnerException: SocketException { SocketErrorCode: SocketError.TimedOut } };
            if (timedOut) worker.EndBecause($"task {taskId} ran past the {options.TimeoutSeconds:0.###} s timeout");
            else if (e is ProtocolException) worker.EndBecause($"it sent what this side refuses while running task {taskId} ({e.Message})");
            else if (e is not (IOException or SocketException or ObjectDisposedException)) worker.EndBecause($"task {taskId} broke its connection: {TaskErrors.Describe(e)}");
            worker.Kill();
            // Said before the replacement disposes the dead worker: how it ended is read from its process.
            var record = cancellation.IsCancellationRequested
                ? Unfinished(run, taskId, worker.WorkerId, worker.ProcessId, dispatched, TaskState.Cancelled, "The run was stopped; the worker was ended.")
                : timedOut
                    ? Unfinished(run, taskId, worker.WorkerId, worker.ProcessId, dispatched, TaskState.Cancelled, $"The task ran past the {options.TimeoutSeconds:0.###} s timeout; worker {worker.WorkerId} was ended and replaced.")
                    : worker.EndReason is { } reason
                        ? Unfinished(run, taskId, worker.WorkerId, worker.ProcessId, dispatched, e is ProtocolException ? TaskState.Failed : TaskState.Cancelled,
                            $"Worker {worker.WorkerId} was ended because {reason}; {(e is ProtocolException ? "this task failed with it" : "this task was running on it and was lost")}. The worker was replaced.")
                        : Unfinished(run, taskId, worker.WorkerId, worker.ProcessId, dispatched, TaskState.Failed, $"Worker {worker.WorkerId} died during the task: {worker.DescribeExit()}. It was replaced.");
            Retire(worker);
            return record;
        }
    }

    /// <summary>Waits for replacements still starting, so the run (and the counters read before it) find a full pool.</summary>
    private void AwaitReplacements(CancellationToken cancellation)
    {
        Task[] pending;
        lock (poolLock) pending = replacing.OfType<Task>().ToArray();
        try
        {
            Task.WaitAll(pending, cancellation);
        }
        catch (OperationCanceledException)
        {
            // Stopped: Dispose ends what is still starting.
        }
    }

    private void SetTimeout(WireChannel channel) =>
        channel.SetReadTimeout(options.TimeoutSeconds is { } seconds ? (int)Math.Ceiling(seconds * 1000) : Timeout.Infinite);

    /// <summary>The record of a task that never brought a result back: failed with its worker, or cancelled.</summary>
    private static TaskRecord Unfinished(RunState run, int taskId, int workerId, int processId, long dispatched, TaskState status, string error) =>
        run.Template with
        {
            TaskId = taskId,
            WorkerId = workerId,
            ProcessId = processId,
            Start = run.Since(dispatched),
            End = run.Since(run.Clock.GetTimestamp()),
            Status = status,
            Error = error,
        };

    /// <summary>
    /// Takes a dead worker out of its slot once, however many of its slots noticed, and ends it; the slot stays
    /// vacant until a task needs it (<see cref="WorkerFor"/>) or the next run begins (<see cref="PrepareRun"/>).
    /// </summary>
    private void Retire(WorkerProcess dead)
    {
        lock (poolLock)
        {
            if (disposed || !ReferenceEquals(pool[dead.WorkerId - 1], dead)) return;
            pool[dead.WorkerId - 1] = null;
            vacant[dead.WorkerId - 1] = true;
        }
        dead.Dispose();
    }

    /// <summary>
    /// Starts a vacant slot's replacement outside the pool lock's hold (a start may take seconds; stopping and
    /// reading counters must not wait for it), under the caller's token with a bounded connect time.
    /// </summary>
    private void StartReplacementLocked(int index, CancellationToken cancellation)
    {
        if (disposed || replacing[index] is not null || cancellation.IsCancellationRequested) return;
        vacant[index] = false;
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, lifetime.Token);
        replacing[index] = Task.Run(() =>
        {
            try
            {
                var fresh = StartWorker(index + 1, options.ReplacementConnectTimeout, stop.Token);
                lock (poolLock)
                {
                    if (!disposed)
                    {
                        pool[index] = fresh;
                        return;
                    }
                }
                fresh.Dispose();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped while starting: the slot is vacant again, for the next run to fill.
                lock (poolLock) vacant[index] = true;
            }
            catch (Exception e)
            {
                replacementErrors[index] = TaskErrors.Describe(e);
            }
            finally
            {
                lock (poolLock) replacing[index] = null;
                stop.Dispose();
            }
        });
    }

    private void KillAll()
    {
        lock (poolLock)
            foreach (var worker in pool) worker?.Kill();
    }

    public void Dispose()
    {
        Task[] pending;
        lock (poolLock)
        {
            if (disposed) return;
            disposed = true;
            pending = replacing.OfType<Task>().ToArray();
        }
        lifetime.Cancel();
        // A replacement being started sees the cancellation within 50 ms, or has its process killed by it.
        WaitQuietly(pending);
        DisposeAllWorkers();
        dispatchers?.Dispose();
        lifetime.Dispose();
        if (folder is not null && Directory.Exists(folder))
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
        // After the workers are gone, so no live mapping needs the files; the folder goes with the pool, whatever ended it.
        maps?.Dispose();
    }

    /// <summary>Asks every worker to quit, and ends those that do not.</summary>
    private void DisposeAllWorkers()
    {
        WorkerProcess[] workers;
        lock (poolLock)
        {
            workers = pool.OfType<WorkerProcess>().ToArray();
            Array.Clear(pool);
        }
        foreach (var worker in workers) worker.Dispose();
    }
}
