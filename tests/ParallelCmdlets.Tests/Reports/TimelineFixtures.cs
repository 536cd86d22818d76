using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Tests.Reports;

/// <summary>Hand-built task records: known times make the drawn lengths checkable.</summary>
internal static class TimelineFixtures
{
    public static TaskRecord Task(string runId, Strategy strategy, int taskId, double start, double end,
        double transferIn = 0, double transferOut = 0, TaskState status = TaskState.Completed, string workload = "Sleep") => new()
    {
        RunId = runId,
        Workload = workload,
        Strategy = strategy,
        Workers = strategy == Strategy.Sequential ? 1 : 2,
        ThreadsPerWorker = 1,
        TaskId = taskId,
        WorkerId = 1 + (taskId % 2),
        ProcessId = 100,
        ThreadId = 7,
        Start = start,
        End = end,
        TransferIn = transferIn,
        TransferOut = transferOut,
        BytesIn = transferIn > 0 ? 1024 : 0,
        BytesOut = transferOut > 0 ? 2048 : 0,
        Status = status,
    };

    /// <summary>Sequential 4 s (four 1 s tasks), Threads 2 s, Processes 2.5 s with transfers.</summary>
    public static Timeline ThreePanels(string workload = "Sleep")
    {
        var builder = new TimelineBuilder();
        // Added out of order on purpose: the panels must still come Sequential, Threads, Processes.
        builder.Add(new StrategyResult
        {
            RunId = "p", Workload = workload, Strategy = Strategy.Processes, Workers = 2, Elapsed = 2.5, Speedup = 1.6,
            Runs = new RunList([new RunResult
            {
                RunId = "p", Strategy = Strategy.Processes, Elapsed = 2.5,
                Records =
                [
                    Task("p", Strategy.Processes, 1, 0.0, 1.25, transferIn: 0.1, transferOut: 0.15, workload: workload),
                    Task("p", Strategy.Processes, 2, 0.0, 1.25, transferIn: 0.1, transferOut: 0.15, workload: workload),
                    Task("p", Strategy.Processes, 3, 1.25, 2.5, transferIn: 0.1, transferOut: 0.15, workload: workload),
                    Task("p", Strategy.Processes, 4, 1.25, 2.5, transferIn: 0.1, transferOut: 0.15, status: TaskState.Failed, workload: workload),
                ],
            }]),
        });
        foreach (var id in new[] { 1, 2, 3, 4 })
            builder.Add(Task("s", Strategy.Sequential, id, id - 1, id, workload: workload));
        foreach (var id in new[] { 1, 2, 3, 4 })
            builder.Add(Task("t", Strategy.Threads, id, (id - 1) / 2, (id - 1) / 2 + 1, workload: workload));
        return builder.Build();
    }
}
