using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Executors;

/// <summary>
/// A pool of dedicated threads in this process taking tasks from one queue in order. Each thread makes its
/// worker state (a runspace, say) when the pool starts, so that cost never lands in a timed run.
/// </summary>
public sealed class ThreadExecutor : IExecutor
{
    private readonly Workload workload;
    private readonly ExecutorOptions options;
    private readonly object?[] states;
    private readonly SlotThreads threads;
    private double startup;

    public ThreadExecutor(int workers, Workload workload, ExecutorOptions options)
    {
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "Workers must be at least 1.");
        this.workload = workload;
        this.options = options;
        states = new object?[workers];
        threads = new SlotThreads(workers, "ParallelCmdlets worker",
            slot => states[slot] = workload.CreateWorkerState(),
            slot => workload.ReleaseWorkerState(states[slot]));
    }

    public Strategy Strategy => Strategy.Threads;
    public int Workers => states.Length;
    public int ThreadsPerWorker => 1;
    public double StartupSeconds => startup;

    public void Start(CancellationToken cancellation)
    {
        var begin = options.Clock.GetTimestamp();
        threads.Start(cancellation);
        startup = (options.Clock.GetTimestamp() - begin) / options.Clock.Frequency;
    }

    public RunResult Run(int tasks, ITaskSink sink, CancellationToken cancellation)
    {
        var run = new RunState(tasks, options.Clock);
        try
        {
            threads.RunOnAll(slot => InProcessRunner.Drain(run, workload, states[slot], slot + 1, Strategy, Workers, options, sink, cancellation),
                cancellation);
        }
        catch (OperationCanceledException)
        {
            run.Drain();
        }
        return run.ToResult(options.WorkloadName, Strategy, Workers, 1, startup, 0,
            id => InProcessRunner.Untaken(run, id, options, Strategy, Workers, 1));
    }

    public void Dispose() => threads.Dispose();
}
