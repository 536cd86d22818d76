using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Executors;

/// <summary>
/// The shared bookkeeping of one run: its start on the monotonic clock, the in-order task queue (a counter, since
/// all tasks are known up front) and the records slot by task. It knows nothing of what was asked (workload,
/// size, strategy, run id): the experiment attaches that to the records (<see cref="RunIdentity"/>).
/// </summary>
internal sealed class RunState
{
    private int nextTask;
    private readonly TaskRecord?[] records;
    private readonly IClock clock;

    public RunState(int tasks, IClock clock)
    {
        this.clock = clock;
        Tasks = tasks;
        records = new TaskRecord?[tasks];
        StartTimestamp = clock.GetTimestamp();
    }

    /// <summary>
    /// What every task's record is made from with <c>with</c>: empty, since a record made here says only what
    /// happened to its task.
    /// </summary>
    public TaskRecord Template { get; } = new();

    /// <summary>The record of a task that never started: the run stopped first.</summary>
    public TaskRecord Untaken(int taskId) => Template with { TaskId = taskId, Status = TaskState.Cancelled, Error = "The run stopped before this task started." };
    public int Tasks { get; }
    public long StartTimestamp { get; }
    public IClock Clock => clock;

    /// <summary>The next task id (1-based): a returned one first, then in order; 0 when the queue is empty.</summary>
    public int TakeNext()
    {
        if (!returned.IsEmpty && !emptied && returned.TryDequeue(out var again)) return again;
        var id = Interlocked.Increment(ref nextTask);
        return id <= Tasks ? id : 0;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<int> returned = new();
    private volatile bool emptied;

    /// <summary>
    /// Puts back a task that was taken but never started (it was sent ahead to a worker that then died), so
    /// another worker runs it; ignored once the queue was emptied by a stop.
    /// </summary>
    public void Return(int taskId)
    {
        if (!emptied) returned.Enqueue(taskId);
    }

    /// <summary>Empties the queue so no worker takes another task.</summary>
    public void EmptyQueue()
    {
        emptied = true;
        Interlocked.Exchange(ref nextTask, int.MaxValue / 2);
    }

    public double Since(long timestamp) => (timestamp - StartTimestamp) / clock.Frequency;

    public void Record(TaskRecord record) => records[record.TaskId - 1] = record;

    /// <summary>Whether a task's record is in (task ids are 1-based).</summary>
    public bool Has(int taskId) => records[taskId - 1] is not null;

    /// <summary>Records of every task; tasks never taken are reported Cancelled.</summary>
    public IReadOnlyList<TaskRecord> Finish() => Finish(Untaken);

    /// <summary>Records of every task, <paramref name="missing"/> standing in for each task without one.</summary>
    public IReadOnlyList<TaskRecord> Finish(Func<int, TaskRecord> missing)
    {
        // A copy: a task abandoned after a stop may still record itself, and must not change a returned result.
        return records.Select((r, i) => r ?? missing(i + 1)).ToArray();
    }

    /// <summary>The run as executed: every task's record (tasks never taken reported Cancelled) and the serving threads' CPU.</summary>
    public ExecutedRun ToExecutedRun(double servingCpuSeconds) => new()
    {
        Records = Finish(),
        ServingCpuSeconds = servingCpuSeconds,
    };
}
