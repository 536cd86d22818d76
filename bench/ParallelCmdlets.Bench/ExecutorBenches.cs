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
        using var one = new ThreadExecutor(1, workload, context.Options);
        one.Start(CancellationToken.None);
        using var pingPong = new PingPong();
        const double goal = 2;
        var (module, baseline, _) = JudgedSampling.UntilDecided(
            () => BenchContext.TimedRun(one, tasks) / tasks,
            () => pingPong.RoundTrip(handOffs),
            warmups: 2, iterations: 9, goal, maxIterations: 45);
        context.ThreadsPerTaskOneWorker = module.Median;

        return Row.Speed("1. Empty task, Threads (1 worker), per task vs SemaphoreSlim ping-pong round trip", module.Values, baseline.Values, goal);
    }

    public static Row EmptyProcesses(BenchContext context)
    {
        const int tasks = 2_000;
        using var workload = context.Prepare("Loop", 1, tasks);
        using var executor = context.StartProcesses(workload, 1);
        var echo = context.Echo;
        const double goal = 3;
        var (module, baseline, _) = JudgedSampling.UntilDecided(
            () => BenchContext.TimedRun(executor, tasks) / tasks,
            () => echo.EmptyRoundTrip(tasks),
            warmups: 2, iterations: 7, goal, maxIterations: 35);
        return Row.Speed("2. Empty task (Loop, Size 1), Processes (warm, 1 worker), per task vs raw Unix-socket frame round trip", module.Values, baseline.Values, goal);
    }

    /// <summary>
    /// Two lines: the goal compares the transfers the task records show (argument in + result back) with the
    /// echo, as it always has; beside it, the same samples timed from outside, one Stopwatch around each whole
    /// round trip, so module and baseline are also timed the same way (the module's then includes the task's work).
    /// </summary>
    public static IEnumerable<Row> Transfer(BenchContext context, List<string> notes)
    {
        var records = new List<TaskRecord>();
        var outside = new List<double>();
        using var workload = context.Prepare("Transfer", 10_000, 1);
        using var executor = context.StartProcesses(workload, 1);
        var input = (double[])workload.CreateInput(1)!;
        var back = new double[input.Length];
        var echo = context.Echo;
        var (module, baseline, _) = JudgedSampling.UntilDecided(
            () =>
            {
                // Stopwatch around Run: argument in, the worker doubling it, the result read back.
                outside.Add(BenchContext.TimedRun(executor, 1, out var run));
                var task = run.Records[0];
                records.Add(task);
                return task.TransferIn + task.TransferOut;
            },
            // Stopwatch around the raw round trip of the same bytes.
            () => echo.RoundTrip(MemoryMarshal.AsBytes(input.AsSpan()), MemoryMarshal.AsBytes(back.AsSpan())),
            warmups: 2, iterations: 9, goal: 1.25, maxIterations: 27);
        // The warm-up turns added to both lists too; keep only the timed ones, in step with the samples.
        var warmups = records.Count - module.Values.Count;
        var whole = new Samples(outside.Skip(warmups).ToList());
        var kept = records.Skip(warmups).ToList();

        var megabytes = Format.Megabytes(TransferWorkload.PayloadBytes(10_000));
        notes.Add($"Row 3, where the module's time goes (medians): argument in {Format.Time(Sampling.Median(kept.Select(r => r.TransferIn)))}, " +
                  $"task in the worker {Format.Time(Sampling.Median(kept.Select(r => r.Compute)))}, result back {Format.Time(Sampling.Median(kept.Select(r => r.TransferOut)))}; " +
                  $"whole task {Format.Time(Sampling.Median(kept.Select(r => r.Duration)))}, whole run by the outside Stopwatch {Format.Time(whole.Median)}.");
        notes.Add($"Row 3, spread (median, min–max): argument in + result back {module}; whole run, outside Stopwatch {whole}; " +
                  $"raw echo, outside Stopwatch {baseline}.");
        yield return Row.Speed($"3. Transfer (Size 10000: {megabytes} in, {megabytes} back), Processes (1 worker), argument in + result back per task (task records) vs raw channel echo of the same bytes",
            module.Values, baseline.Values, 1.25);
        yield return Row.Beside($"3. Transfer, the same samples timed alike: one Stopwatch around the whole run of the task vs one around the raw echo",
            whole.Median, baseline.Median, "none: includes the task's doubling");
    }

    /// <summary>
    /// P3b: the same 80 MB in and 80 MB back, left in shared memory. The module's figure is the whole task as its
    /// record shows it (copying the argument into the map, the worker doubling it in place into the result map, the
    /// hand-over both ways), against two copies of 80 MB in this process, the least that moving the data in and out
    /// costs; both timed in the same run, turn about.
    /// </summary>
    public static IEnumerable<Row> TransferSharedMemory(BenchContext context, List<string> notes)
    {
        var records = new List<TaskRecord>();
        using var workload = context.Prepare("Transfer", 10_000, 1);
        using var executor = context.StartProcesses(workload, 1, TransferMode.SharedMemory);
        var input = (double[])workload.CreateInput(1)!;
        var first = new double[input.Length];
        var second = new double[input.Length];
        // Touched once, so the baseline copies into memory already faulted in, as the maps are after the warm-up.
        first.AsSpan().Fill(1);
        second.AsSpan().Fill(1);
        var (module, baseline, _) = JudgedSampling.UntilDecided(
            () =>
            {
                BenchContext.TimedRun(executor, 1, out var run);
                var task = run.Records[0];
                if (task.BytesIn + task.BytesOut != 0) throw new InvalidOperationException($"{task.BytesIn + task.BytesOut} payload bytes crossed the socket under SharedMemory.");
                records.Add(task);
                return task.Duration;
            },
            () => Sampling.Seconds(() =>
            {
                input.AsSpan().CopyTo(first);
                first.AsSpan().CopyTo(second);
            }),
            warmups: 2, iterations: 9, goal: 3, maxIterations: 27);
        var kept = records.Skip(records.Count - module.Values.Count).ToList();

        var megabytes = Format.Megabytes(TransferWorkload.PayloadBytes(10_000));
        notes.Add($"Row 3b, where the task's time goes (medians): argument into the map and handed over {Format.Time(Sampling.Median(kept.Select(r => r.TransferIn)))}, " +
                  $"doubling in place in the worker {Format.Time(Sampling.Median(kept.Select(r => r.Compute)))}, result handed back {Format.Time(Sampling.Median(kept.Select(r => r.TransferOut)))}; " +
                  $"payload bytes through the socket {kept.Sum(r => r.BytesIn + r.BytesOut)}.");
        notes.Add($"Row 3b, spread (median, min–max): whole task {module}; two 80 MB copies {baseline}.");
        yield return Row.Speed($"3b. Transfer (Size 10000: {megabytes} in, {megabytes} back), Processes -TransferMode SharedMemory (1 worker), whole task per task (task records) vs memcpy of {megabytes} twice",
            module.Values, baseline.Values, 3);
    }

    public static Row Startup(BenchContext context)
    {
        using var workload = context.Prepare("Loop", 1, 1);
        const double goal = 6;
        var (module, baseline, _) = JudgedSampling.UntilDecided(
            () =>
            {
                using var executor = context.StartProcesses(workload, 3);
                return executor.StartupSeconds;
            },
            context.NoopProcessSeconds,
            warmups: 1, iterations: 5, goal, maxIterations: 20);
        return Row.Speed("4. Start-up of 3 workers (ProcessExecutor.Start) vs one no-op .NET process start to exit", module.Values, baseline.Values, goal);
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
