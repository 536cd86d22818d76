using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Executors;

/// <summary>
/// A pool of dedicated threads in this process taking tasks from one queue in order. Each thread makes its
/// worker state (a runspace, say) when the pool starts, so that cost never lands in a timed run.
/// </summary>
public sealed class ThreadExecutor : InProcessExecutor
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

    public override Strategy Strategy => Strategy.Threads;
    public override int Workers => states.Length;
    public override double StartupSeconds => startup;

    public override void Start(CancellationToken cancellation)
    {
        var begin = options.Clock.GetTimestamp();
        threads.Start(cancellation);
        startup = (options.Clock.GetTimestamp() - begin) / options.Clock.Frequency;
    }

    public override ExecutedRun Run(int tasks, ITaskSink sink, CancellationToken cancellation)
    {
        var run = new RunState(tasks, options.Clock);
        var cpu = 0.0;
        try
        {
            cpu = threads.RunOnAll(slot => InProcessRunner.Run(run, workload, states[slot], slot + 1, options, sink, cancellation),
                cancellation);
        }
        catch (OperationCanceledException)
        {
            run.EmptyQueue();
        }
        return run.ToExecutedRun(cpu);
    }

    public override void Dispose() => threads.Dispose();
}
