namespace ParallelCmdlets.Executors;

/// <summary>
/// A fixed set of dedicated threads that sleep between runs. Not the .NET ThreadPool: its thread injection
/// would show up in the timings. Each run hands every thread the same job with its slot index and waits
/// for all of them.
/// </summary>
internal sealed class SlotThreads : IDisposable
{
    private readonly Thread[] threads;
    private readonly SemaphoreSlim[] go;
    private readonly Action<int> initialise;
    private readonly Action<int> release;
    private CountdownEvent? finished;
    private Action<int>? job;
    private volatile bool stopping;
    private Exception? initialiseError;
    private volatile Exception? jobError;
    private readonly CountdownEvent initialised;

    /// <param name="initialise">Runs on each thread before it serves its first run, such as making a runspace.</param>
    /// <param name="release">Runs on each thread when it ends.</param>
    public SlotThreads(int count, string name, Action<int> initialise, Action<int> release)
    {
        this.initialise = initialise;
        this.release = release;
        go = Enumerable.Range(0, count).Select(_ => new SemaphoreSlim(0)).ToArray();
        initialised = new CountdownEvent(count);
        threads = Enumerable.Range(0, count).Select(i => new Thread(() => Loop(i))
        {
            IsBackground = true,
            Name = $"{name} {i + 1}",
        }).ToArray();
    }

    /// <summary>Starts the threads and waits until each has initialised.</summary>
    public void Start(CancellationToken cancellation)
    {
        foreach (var thread in threads) thread.Start();
        initialised.Wait(cancellation);
        if (initialiseError is not null) throw new InvalidOperationException($"A worker thread failed to start: {initialiseError.Message}", initialiseError);
    }

    /// <summary>
    /// Runs the job on every thread and returns when all are done. When cancelled, waits a short grace for
    /// threads to notice, then throws; a thread stuck in uncooperative code is left to finish on its own.
    /// </summary>
    /// <returns>CPU seconds the threads used doing the job, each read on its own thread's clock.</returns>
    public double RunOnAll(Action<int> work, CancellationToken cancellation)
    {
        // Not disposed: a thread still finishing an abandoned job may signal it after this returns.
        var done = new CountdownEvent(threads.Length);
        var cpu = new double[threads.Length];
        // Per slot: 0 idle or done, 1 working, 2 working but abandoned by a stopped run (counted by the gate).
        var working = new int[threads.Length];
        finished = done;
        job = slot =>
        {
            Volatile.Write(ref working[slot], 1);
            var before = Measurement.CpuClock.ThreadSeconds();
            try
            {
                work(slot);
            }
            finally
            {
                cpu[slot] = Measurement.CpuClock.ThreadSeconds() - before;
                if (Interlocked.Exchange(ref working[slot], 0) == 2) Measurement.MeasurementGate.AbandonedFinished();
            }
        };
        jobError = null;
        foreach (var signal in go) signal.Release();
        try
        {
            done.Wait(cancellation);
            if (jobError is not null) throw new InvalidOperationException($"A worker thread failed: {jobError.Message}", jobError);
            return cpu.Sum();
        }
        catch (OperationCanceledException)
        {
            if (!done.Wait(CancelGrace))
            {
                // Threads still in code that ignores the stop: the next measurement waits for them.
                for (var slot = 0; slot < working.Length; slot++)
                    if (Interlocked.CompareExchange(ref working[slot], 2, 1) == 1) Measurement.MeasurementGate.Abandoned();
            }
            throw;
        }
    }

    private static readonly TimeSpan CancelGrace = TimeSpan.FromMilliseconds(300);

    private void Loop(int slot)
    {
        try
        {
            initialise(slot);
        }
        catch (Exception e)
        {
            initialiseError ??= e;
        }
        finally
        {
            initialised.Signal();
        }
        try
        {
            while (true)
            {
                go[slot].Wait();
                if (stopping) return;
                var signal = finished!;
                try
                {
                    job!(slot);
                }
                catch (Exception e)
                {
                    // Reported by RunOnAll on the caller's thread; an exception here would end the process.
                    jobError ??= e;
                }
                finally
                {
                    signal.Signal();
                }
            }
        }
        finally
        {
            try { release(slot); } catch { /* the thread is ending; nothing to report to */ }
        }
    }

    public void Dispose()
    {
        stopping = true;
        foreach (var signal in go) signal.Release();
        foreach (var thread in threads)
            if (thread.IsAlive && thread != Thread.CurrentThread) thread.Join(TimeSpan.FromSeconds(2));
    }
}
