using System.Runtime.InteropServices;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Bench;

/// <summary>Rows 1–4: the executors' per-task, transfer and start-up costs against raw baselines.</summary>
internal static class ExecutorBenches
{
    public static Row EmptyThreads(BenchContext context)
    {
        const int tasks = 20_000, handOffs = 5_000;
        using var workload = new EmptyWorkload();
        using var one = new ThreadExecutor(1, workload, context.Options("Empty"));
        one.Start(CancellationToken.None);
        using var pingPong = new PingPong();
        var (module, baseline) = Sampling.Compare(
            () => BenchContext.TimedRun(one, tasks) / tasks,
            () => pingPong.RoundTrip(handOffs),
            warmups: 2, iterations: 9);

        // Two workers, as -ThrottleLimit 2 has: the reference for the PowerShell rows.
        using var two = new ThreadExecutor(2, workload, context.Options("Empty"));
        two.Start(CancellationToken.None);
        BenchContext.TimedRun(two, tasks);
        context.ThreadsPerTaskTwoWorkers = Sampling.Median(Enumerable.Range(0, 5).Select(_ => BenchContext.TimedRun(two, tasks) / tasks));

        return Row.Speed("1. Empty task, Threads (1 worker), per task vs SemaphoreSlim ping-pong round trip", module, baseline, 2);
    }

    public static Row EmptyProcesses(BenchContext context)
    {
        const int tasks = 2_000;
        using var workload = context.Prepare("Loop", 1, tasks);
        using var executor = context.StartProcesses(workload, 1);
        var echo = context.Echo;
        var (module, baseline) = Sampling.Compare(
            () => BenchContext.TimedRun(executor, tasks) / tasks,
            () => echo.EmptyRoundTrip(tasks),
            warmups: 2, iterations: 7);
        return Row.Speed("2. Empty task (Loop, Size 1), Processes (warm, 1 worker), per task vs raw Unix-socket frame round trip", module, baseline, 3);
    }

    public static Row Transfer(BenchContext context, List<string> notes)
    {
        var records = new List<TaskRecord>();
        using var workload = context.Prepare("Transfer", 10_000, 1);
        using var executor = context.StartProcesses(workload, 1);
        var input = (double[])workload.CreateInput(1)!;
        var back = new double[input.Length];
        var echo = context.Echo;
        var (module, baseline) = Sampling.Compare(
            () =>
            {
                BenchContext.TimedRun(executor, 1, out var result);
                records.AddRange(result.Records);
                // The goal is about moving the bytes, so the task's own work (doubling them) is left out here
                // and reported in the notes; the baseline does no work either.
                var task = result.Records[0];
                return task.TransferIn + task.TransferOut;
            },
            () => echo.RoundTrip(MemoryMarshal.AsBytes(input.AsSpan()), MemoryMarshal.AsBytes(back.AsSpan())),
            warmups: 2, iterations: 9);
        var megabytes = Format.Megabytes(TransferWorkload.PayloadBytes(10_000));
        notes.Add($"Row 3, where the module's time goes (medians): argument in {Format.Time(Sampling.Median(records.Select(r => r.TransferIn)))}, " +
                  $"task in the worker {Format.Time(Sampling.Median(records.Select(r => r.Compute)))}, result back {Format.Time(Sampling.Median(records.Select(r => r.TransferOut)))}; " +
                  $"whole task {Format.Time(Sampling.Median(records.Select(r => r.Duration)))}.");
        return Row.Speed($"3. Transfer (Size 10000: {megabytes} in, {megabytes} back), Processes (1 worker), argument in + result back per task vs raw channel echo of the same bytes", module, baseline, 1.25);
    }

    public static Row Startup(BenchContext context)
    {
        using var workload = context.Prepare("Loop", 1, 1);
        var (module, baseline) = Sampling.Compare(
            () =>
            {
                using var executor = context.StartProcesses(workload, 3);
                return executor.StartupSeconds;
            },
            context.NoopProcessSeconds,
            warmups: 1, iterations: 5);
        return Row.Speed("4. Start-up of 3 workers (ProcessExecutor.Start) vs one no-op .NET process start to exit", module, baseline, 6);
    }
}

/// <summary>The raw thread hand-off: one thread releases, the other waits and releases back.</summary>
internal sealed class PingPong : IDisposable
{
    private readonly SemaphoreSlim ping = new(0);
    private readonly SemaphoreSlim pong = new(0);
    private readonly Thread thread;
    private volatile bool stopping;

    public PingPong()
    {
        thread = new Thread(() =>
        {
            while (true)
            {
                ping.Wait();
                if (stopping) return;
                pong.Release();
            }
        })
        { IsBackground = true, Name = "bench ping-pong" };
        thread.Start();
    }

    /// <summary>Seconds per round trip (there and back).</summary>
    public double RoundTrip(int count)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            ping.Release();
            pong.Wait();
        }
        return watch.Elapsed.TotalSeconds / count;
    }

    public void Dispose()
    {
        stopping = true;
        ping.Release();
        thread.Join();
        ping.Dispose();
        pong.Dispose();
    }
}
