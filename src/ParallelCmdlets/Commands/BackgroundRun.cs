using System.Management.Automation;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Commands;

/// <summary>
/// The thread an experiment runs on: the job runs in the background while the pipeline thread writes what it hands
/// over (verbose phases, progress, failed tasks), since only the pipeline thread may write. Stop (Ctrl+C, or a write
/// that stops the pipeline) cancels the job; every progress bar it opened is closed when it ends, however it ends.
/// </summary>
internal sealed class BackgroundRun : IDisposable
{
    private readonly CancellationTokenSource cancellation = new();

    /// <summary>A stop was asked for: the job's cancellation is its doing, not a failure.</summary>
    public bool StopRequested => cancellation.IsCancellationRequested;

    /// <summary>Called from the thread PowerShell stops the command on.</summary>
    public void Stop()
    {
        try { cancellation.Cancel(); } catch (ObjectDisposedException) { }
    }

    /// <summary>
    /// Runs <paramref name="job"/> off the pipeline thread with progress under <paramref name="activity"/>. A failure
    /// of the job itself comes back as <see cref="RunFailedException"/>; a stop as <see cref="OperationCanceledException"/>.
    /// </summary>
    public T Run<T>(Cmdlet command, string activity, Func<ExperimentProgress, CancellationToken, T> job)
    {
        var handOff = new PipelineHandOff();
        var progress = new ExperimentProgress(command, handOff, activity);
        try
        {
            return handOff.Run(() =>
            {
                try
                {
                    return job(progress, cancellation.Token);
                }
                catch (Exception e) when (!(e is OperationCanceledException && cancellation.IsCancellationRequested))
                {
                    throw new RunFailedException(e);
                }
            }, cancellation);
        }
        finally
        {
            progress.CloseBars();
        }
    }

    public void Dispose() => cancellation.Dispose();
}

/// <summary>Marks a failure of the run itself (not of one task), raised on the background thread.</summary>
internal sealed class RunFailedException(Exception inner) : Exception(inner.Message, inner);
