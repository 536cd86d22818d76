namespace ParallelCmdlets.Measurement;

/// <summary>
/// One measurement at a time per process. GC latency mode, process CPU and GC totals are process-wide, so a
/// second measurement in the same pwsh (another runspace, ForEach-Object -Parallel) would disturb the first's
/// numbers and read its CPU as its own. A run whose threads were abandoned after a stop (code that ignored the
/// cancellation) holds the gate too, until those threads finish: a new run never starts beside them.
/// </summary>
public static class MeasurementGate
{
    private static readonly object Sync = new();
    private static bool busy;
    private static int abandoned;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Threads of earlier runs still computing after those runs were stopped.</summary>
    public static int AbandonedThreads
    {
        get { lock (Sync) return abandoned; }
    }

    /// <summary>
    /// Waits until no other measurement runs and no abandoned thread computes, saying once why it waits;
    /// a stop ends the wait. Dispose the result to let the next one in.
    /// </summary>
    public static IDisposable Enter(Action<string> waiting, CancellationToken cancellation)
    {
        var said = false;
        lock (Sync)
        {
            while (busy || abandoned > 0)
            {
                if (!said)
                {
                    waiting(busy
                        ? "Waiting for another measurement in this process to finish: CPU, GC and latency mode are process-wide."
                        : $"Waiting for {abandoned} task thread(s) of a stopped run to finish: they ignored the stop and still compute.");
                    said = true;
                }
                cancellation.ThrowIfCancellationRequested();
                Monitor.Wait(Sync, Poll);
            }
            busy = true;
        }
        return new Pass();
    }

    internal static void Abandoned()
    {
        lock (Sync) abandoned++;
    }

    internal static void AbandonedFinished()
    {
        lock (Sync)
        {
            abandoned--;
            Monitor.PulseAll(Sync);
        }
    }

    private sealed class Pass : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0) return;
            lock (Sync)
            {
                busy = false;
                Monitor.PulseAll(Sync);
            }
        }
    }
}
