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
/// per worker slot sends tasks and reads their answers, so every connection has exactly one user; while tasks
/// are short it keeps a few sent ahead, as Dask keeps its workers saturated, so no worker waits a round trip
/// between them.
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

    /// <summary>
    /// A task is sent ahead, while the one before it still runs on the same connection, only when that one ran
    /// shorter than this in its worker: then the worker takes the next task from its socket the moment it answers,
    /// instead of waiting a round trip (two wake-ups, tens of microseconds on a VM) for the parent to send it. Longer
    /// tasks gain little from it, and a task held behind a long one could have started sooner on another worker.
    /// </summary>
    internal const double SendAheadBelowSeconds = 0.001;

    /// <summary>Only an argument this small is sent ahead.</summary>
    internal const int SendAheadMaxBytes = 16 * 1024;

    /// <summary>
    /// The arguments a connection holds at once total at most this, which any socket buffer takes, so sending one
    /// never waits on a worker that is itself waiting to hand back a large result.
    /// </summary>
    internal const int SendAheadMaxBytesInFlight = 3 * SendAheadMaxBytes;

    /// <summary>The most tasks a connection may hold at once: the one running and those sent ahead of its answer.</summary>
    internal const int SendAheadDepth = 16;

    /// <summary>
    /// How much work, by the last task's time, a connection holds ahead of the task running. With every core busy
    /// running workers, the parent's thread for a connection is late to wake for each answer, so a worker with one
    /// task ahead still waited: an empty ScriptBlock took 26-30 ms a run of 400 tasks on 2 workers with up to three
    /// ahead, 23-26 ms with up to fifteen. Bounded by time, so a run's end waits at most this behind one worker's
    /// queue while the other has finished.
    /// </summary>
    internal const double SendAheadWindowSeconds = 0.0005;

    /// <summary>How many tasks a connection may hold after one that ran <paramref name="lastTaskSeconds"/>: two at least, more while that fits <see cref="SendAheadWindowSeconds"/>.</summary>
    internal static int DepthAfter(double lastTaskSeconds) =>
        1 + (int)Math.Clamp(SendAheadWindowSeconds / Math.Max(lastTaskSeconds, 1e-9), 1, SendAheadDepth - 1);

    /// <summary>A task on its way to (or in) a worker: when it left the queue, and whether it went ahead of an answer.</summary>
    private readonly record struct Sent(int TaskId, long Dispatched, long BytesIn, bool Ahead);

    /// <summary>A task taken from the queue but not yet sent: its argument, ready for the wire.</summary>
    private readonly record struct Prepared(int TaskId, long Dispatched, object? Wire);

    private void Dispatch(RunState run, int slot, ITaskSink sink, CancellationToken cancellation)
    {
        var workerIndex = slot / ThreadsPerWorker;
        var channelIndex = slot % ThreadsPerWorker;
        var inFlight = new Queue<Sent>(SendAheadDepth);
        Prepared? held = null;
        WorkerProcess? worker = null;
        // What the last answer on this connection said: how long its task ran in the worker (unknown at first, so
        // the first task goes alone) and when it ended there, which is when a task sent ahead of it could start.
        var lastTaskSeconds = double.PositiveInfinity;
        long lastEnd = 0;
        // Whether the last argument sent was small: arguments are taken ahead only then, so a large one is seldom
        // made ready (and held in memory) while another task runs.
        var lastSentSmall = false;
        var bytesInFlight = 0L;
        while (true)
        {
            // Send: a task when none is in flight, and more ahead of the answer while tasks are short.
            while (inFlight.Count == 0 || (inFlight.Count < DepthAfter(lastTaskSeconds) && maps is null && lastSentSmall && lastTaskSeconds < SendAheadBelowSeconds))
            {
                if (cancellation.IsCancellationRequested)
                {
                    run.EmptyQueue();
                    if (held is { } dropped) Finish(run, sink, Unfinished(run, dropped.TaskId, workerIndex + 1, 0, dropped.Dispatched, TaskState.Cancelled, "The run was stopped before this task started."));
                    held = null;
                    break;
                }
                var ahead = inFlight.Count > 0;
                Prepared next;
                if (held is { } waiting)
                {
                    // Its clock starts now, when it is sent, not when it was taken and held behind the task before it.
                    next = waiting with { Dispatched = run.Clock.GetTimestamp() };
                    held = null;
                }
                else
                {
                    var taskId = run.TakeNext();
                    if (taskId == 0) break;
                    if (!ahead)
                    {
                        worker = WorkerFor(workerIndex, cancellation);
                        if (worker is null)
                        {
                            Finish(run, sink, Unfinished(run, taskId, workerIndex + 1, 0, run.Clock.GetTimestamp(),
                                cancellation.IsCancellationRequested ? TaskState.Cancelled : TaskState.Failed,
                                cancellation.IsCancellationRequested ? "The run was stopped while its worker was being replaced."
                                    : $"Worker {workerIndex + 1} could not be restarted: {replacementErrors[workerIndex] ?? "it was not running"}."));
                            continue;
                        }
                    }
                    var dispatched = run.Clock.GetTimestamp();
                    if (!TryPrepare(run, worker!, slot, taskId, dispatched, out next, out var refused))
                    {
                        Finish(run, sink, refused);
                        continue;
                    }
                }
                var length = WireChannel.PayloadLength(next.Wire);
                if (ahead && (length > SendAheadMaxBytes || bytesInFlight + length > SendAheadMaxBytesInFlight))
                {
                    // Too large to send ahead, or the connection already holds its share of bytes: it goes once the task in flight has answered.
                    held = next;
                    break;
                }
                try
                {
                    var bytesIn = new RunMessage(next.TaskId, next.Wire).Write(worker!.Channels[channelIndex]);
                    inFlight.Enqueue(new Sent(next.TaskId, next.Dispatched, bytesIn, ahead));
                    bytesInFlight += bytesIn;
                    lastSentSmall = bytesIn <= SendAheadMaxBytes;
                }
                catch (Exception) when (ahead)
                {
                    // The connection broke under the task in flight: reading its answer says how; this one never reached the worker.
                    run.Return(next.TaskId);
                    break;
                }
                catch (Exception e)
                {
                    Finish(run, sink, Lost(run, worker!, new Sent(next.TaskId, next.Dispatched, 0, false), e, cancellation));
                    worker = null;
                }
            }
            // The send loop leaves nothing in flight only when the queue is empty or the run is stopping (a held task
            // always waits behind one in flight): this slot is done.
            if (!inFlight.TryDequeue(out var head)) return;
            bytesInFlight -= head.BytesIn;
            var channel = worker!.Channels[channelIndex];
            try
            {
                var (record, ran, end) = Receive(run, worker, channel, slot, head, lastEnd);
                lastTaskSeconds = ran;
                lastEnd = end;
                Finish(run, sink, record);
            }
            catch (Exception e)
            {
                Finish(run, sink, Lost(run, worker, head, e, cancellation));
                // The tasks sent ahead never started: the run takes them again (on the replacement), unless it is stopping.
                while (inFlight.TryDequeue(out var behind))
                {
                    if (cancellation.IsCancellationRequested)
                        Finish(run, sink, Unfinished(run, behind.TaskId, worker.WorkerId, worker.ProcessId, behind.Dispatched, TaskState.Cancelled, "The run was stopped; the worker was ended."));
                    else run.Return(behind.TaskId);
                }
                if (held is { } waiting)
                {
                    run.Return(waiting.TaskId);
                    held = null;
                }
                worker = null;
                bytesInFlight = 0;
                lastTaskSeconds = double.PositiveInfinity;
                lastEnd = 0;
            }
        }
    }

    private static void Finish(RunState run, ITaskSink sink, TaskRecord record)
    {
        run.Record(record);
        sink.TaskFinished(record);
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

    /// <summary>The task's argument made ready for the wire; false, with the task's failed record, when it cannot be.</summary>
    private bool TryPrepare(RunState run, WorkerProcess worker, int slot, int taskId, long dispatched, out Prepared prepared, out TaskRecord refused)
    {
        try
        {
            // In shared memory the argument is copied into the slot's map here, inside TransferIn: memory to memory, not through the socket.
            var wire = maps is null ? workload.ToWire(workload.CreateInput(taskId)) : maps.FillInput(slot, workload, taskId);
            prepared = new Prepared(taskId, dispatched, wire);
            refused = null!;
            return true;
        }
        catch (Exception e)
        {
            // Nothing was sent: the worker is fine, only this task failed.
            prepared = default;
            refused = Unfinished(run, taskId, worker.WorkerId, worker.ProcessId, dispatched, TaskState.Failed,
                $"The task's argument could not be prepared for the worker: {TaskErrors.Describe(e)}");
            return false;
        }
    }

    /// <summary>
    /// Reads a task's answer. Returns its record, how long it ran in the worker and when it ended there (worker
    /// timestamps). A task sent ahead started when the worker took it, at the end of the one before it
    /// (<paramref name="previousEnd"/>), not when it was sent.
    /// </summary>
    private (TaskRecord Record, double RanSeconds, long End) Receive(RunState run, WorkerProcess worker, WireChannel channel, int slot, Sent sent, long previousEnd)
    {
        SetTimeout(channel);
        var (doneTaskId, status, threadId, inputReady, end, cpuSeconds, error, payload) = DoneMessage.Read(channel, reuse: !options.KeepOutput);
        var payloadLength = channel.PayloadBytes;
        if (doneTaskId != sent.TaskId) throw new ProtocolException($"The worker answered task {doneTaskId} when task {sent.TaskId} was running.");
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
        var started = sent.Ahead ? Math.Max(sent.Dispatched, Math.Min(previousEnd, inputReady)) : sent.Dispatched;
        var record = run.Template with
        {
            TaskId = sent.TaskId,
            WorkerId = worker.WorkerId,
            ProcessId = worker.ProcessId,
            ThreadId = threadId,
            Start = run.Since(started),
            End = run.Since(received),
            TransferIn = Math.Max(0, (inputReady - started) / run.Clock.Frequency),
            TransferOut = Math.Max(0, (received - end) / run.Clock.Frequency),
            CpuSeconds = cpuSeconds,
            BytesIn = sent.BytesIn,
            BytesOut = payloadLength,
            Status = status,
            Error = error,
            Output = options.KeepOutput ? output : null,
        };
        return (record, Math.Max(0, (end - inputReady) / (double)System.Diagnostics.Stopwatch.Frequency), end);
    }

    /// <summary>
    /// The record of a task whose connection broke: ends the worker, has it replaced, and says what really happened.
    /// </summary>
    private TaskRecord Lost(RunState run, WorkerProcess worker, Sent sent, Exception e, CancellationToken cancellation)
    {
        var taskId = sent.TaskId;
        var dispatched = sent.Dispatched;
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
