using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Executors;

/// <summary>The plain loop: every task in order on the thread that calls Run.</summary>
public sealed class SequentialExecutor(Workload workload, ExecutorOptions options) : InProcessExecutor
{
    private object? workerState;
    private bool started;

    public override Strategy Strategy => Strategy.Sequential;
    public override int Workers => 1;
    public override double StartupSeconds => 0;

    public override void Start(CancellationToken cancellation)
    {
        workerState = workload.CreateWorkerState();
        started = true;
    }

    public override ExecutedRun Run(int tasks, ITaskSink sink, CancellationToken cancellation)
    {
        if (!started) Start(cancellation);
        var run = new RunState(tasks, options.Clock);
        var cpuBefore = CpuClock.ThreadSeconds();
        InProcessRunner.Run(run, workload, workerState, 1, options, sink, cancellation);
        return run.ToExecutedRun(CpuClock.ThreadSeconds() - cpuBefore);
    }

    public override void Dispose()
    {
        if (started) workload.ReleaseWorkerState(workerState);
        started = false;
    }
}
