using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Executors;

/// <summary>Runs tasks from a run's queue on the current thread: the body of Sequential and of every Threads worker.</summary>
internal static class InProcessRunner
{
    public static void Run(RunState run, Workload workload, object? workerState, int workerId, ExecutorOptions options, ITaskSink sink,
        CancellationToken cancellation)
    {
        var threadId = Environment.CurrentManagedThreadId;
        var meter = new TaskCpuMeter(run.Clock, (task, cpu) => run.Template with
        {
            TaskId = task.TaskId,
            WorkerId = workerId,
            ProcessId = Environment.ProcessId,
            ThreadId = threadId,
            Start = run.Since(task.Start),
            End = run.Since(task.End),
            CpuSeconds = cpu,
            Status = task.Status,
            Error = task.Error,
            Output = options.KeepOutput ? task.Output : null,
        }, record =>
        {
            run.Record(record);
            sink.TaskFinished(record);
        });
        try
        {
            RunQueue(run, workload, workerState, workerId, options, cancellation, threadId, meter);
        }
        finally
        {
            meter.Flush();
        }
    }

    private static void RunQueue(RunState run, Workload workload, object? workerState, int workerId, ExecutorOptions options,
        CancellationToken cancellation, int threadId, TaskCpuMeter meter)
    {
        int taskId;
        while ((taskId = run.TakeNext()) != 0)
        {
            if (cancellation.IsCancellationRequested)
            {
                run.EmptyQueue();
                break;
            }
            var start = run.Clock.GetTimestamp();
            object? output = null;
            var status = TaskState.Completed;
            string? error = null;
            // A thread cannot be killed safely, so a timeout asks the task to stop (Sleep, the loops, Csv and
            // scripts all listen); code that never listens runs on and its late result is discarded.
            using var deadline = options.TimeoutSeconds is { } seconds ? CancellationTokenSource.CreateLinkedTokenSource(cancellation) : null;
            deadline?.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds!.Value));
            var token = deadline?.Token ?? cancellation;
            try
            {
                output = workload.Execute(taskId, workload.CreateInput(taskId), workerState, token);
                if (deadline is { IsCancellationRequested: true } && !cancellation.IsCancellationRequested)
                    throw new OperationCanceledException(token);
            }
            // Only our own token's stop is a cancellation; user code that cancels on its own has failed, with its message.
            catch (Exception) when (token.IsCancellationRequested)
            {
                status = TaskState.Cancelled;
                error = cancellation.IsCancellationRequested
                    ? "The run was stopped."
                    : $"The task ran past the {options.TimeoutSeconds:0.###} s timeout and was stopped; threads cannot be killed, so its result was discarded.";
                output = null;
            }
            catch (Exception e)
            {
                status = TaskState.Failed;
                error = TaskErrors.Describe(e);
            }
            var end = run.Clock.GetTimestamp();
            meter.Finished(end, (end - start) / run.Clock.Frequency, new TaskCpuMeter.FinishedTask(taskId, start, end, status, error, output));
        }
    }
}

public static class TaskErrors
{
    /// <summary>The innermost useful message: wrappers such as TargetInvocationException say nothing.</summary>
    public static string Describe(Exception e)
    {
        while (e is System.Reflection.TargetInvocationException or AggregateException && e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }
}
