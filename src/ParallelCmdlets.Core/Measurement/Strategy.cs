namespace ParallelCmdlets;

/// <summary>How the tasks of a run are executed.</summary>
public enum Strategy
{
    /// <summary>One task after another on one thread.</summary>
    Sequential,
    /// <summary>A pool of dedicated threads in this process, fed from one queue.</summary>
    Threads,
    /// <summary>A warm pool of worker processes, each with one or more threads, fed from one queue.</summary>
    Processes,
}

/// <summary>How a task ended.</summary>
public enum TaskState
{
    Completed,
    Failed,
    Cancelled,
}
