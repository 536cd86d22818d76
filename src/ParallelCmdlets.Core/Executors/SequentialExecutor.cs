using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Executors;

/// <summary>The plain loop: every task in order on the thread that calls Run.</summary>
public sealed class SequentialExecutor(Workload workload, ExecutorOptions options) : IExecutor
{
    private object? workerState;
    private bool started;

    public Strategy Strategy => Strategy.Sequential;
    public int Workers => 1;
    public int ThreadsPerWorker => 1;
    public double StartupSeconds => 0;

    public void Start(CancellationToken cancellation)
    {
        workerState = workload.CreateWorkerState();
        started = true;
    }

    public RunResult Run(int tasks, ITaskSink sink, CancellationToken cancellation)
    {
        if (!started) Start(cancellation);
        var run = new RunState(tasks, options.Clock);
        InProcessRunner.Drain(run, workload, workerState, 1, Strategy, 1, options, sink, cancellation);
        return run.ToResult(options.WorkloadName, Strategy, 1, 1, 0, 0,
            id => InProcessRunner.Untaken(run, id, options, Strategy, 1, 1));
    }

    public void Dispose()
    {
        if (started) workload.ReleaseWorkerState(workerState);
        started = false;
    }
}
