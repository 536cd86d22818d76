using System.Collections.Concurrent;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// Lets worker threads hand work to one owning thread (PowerShell's pipeline thread): the owner starts the
/// job on a background thread and runs everything posted to it until the job ends. Only the owner ever runs
/// posted actions, so only it writes to the pipeline.
/// </summary>
public sealed class PipelineHandOff
{
    private static readonly TimeSpan WindDown = TimeSpan.FromSeconds(0.8);
    /// <summary>
    /// Reports waiting for the pipeline thread, at most. A slow consumer (Export-Csv to a slow disk) then
    /// holds the reporting threads back instead of letting records pile up in memory.
    /// </summary>
    public const int Capacity = 4096;

    private readonly BlockingCollection<Action> posted = new(Capacity);
    private int ownerThread;

    /// <summary>Queues an action for the owning thread. Safe from any thread.</summary>
    public void Post(Action action)
    {
        if (Environment.CurrentManagedThreadId == ownerThread)
        {
            action();
            return;
        }
        try
        {
            posted.Add(action);
        }
        catch (InvalidOperationException)
        {
            // The owner has stopped listening (the run is being torn down): the report has nowhere to go.
        }
    }

    /// <summary>
    /// Runs <paramref name="job"/> in the background, pumping posted actions here until it ends. If a posted
    /// action throws (the pipeline is stopping) or <paramref name="cancellation"/> fires, the job is
    /// cancelled through the same source and given a moment to wind down before this returns.
    /// </summary>
    public T Run<T>(Func<T> job, CancellationTokenSource cancellation)
    {
        ownerThread = Environment.CurrentManagedThreadId;
        var background = Task.Factory.StartNew(() =>
        {
            try
            {
                return job();
            }
            finally
            {
                posted.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var action in posted.GetConsumingEnumerable(cancellation.Token)) action();
        }
        catch
        {
            cancellation.Cancel();
            background.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            try { background.Wait(WindDown); } catch (AggregateException) { /* the original failure is what matters */ }
            throw;
        }
        return background.GetAwaiter().GetResult();
    }
}
