using System.ComponentModel;
using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Workloads;

public class LoopTests
{
    [Fact]
    public void Loop_and_LockedLoop_fill_the_same_dictionary()
    {
        var plain = LoopWorkload.Fill(1_000_003);
        var locked = LockedLoopWorkload.Fill(1_000_003);

        Assert.Equal(10, plain.Count);
        Assert.Equal(plain.OrderBy(p => p.Key), locked.OrderBy(p => p.Key));
        Assert.Equal(1_000_002, plain[2]);
    }
}

public class TransferTests
{
    [Fact]
    public void Transfer_returns_exactly_twice_its_argument()
    {
        using var workload = TestWorkloads.Prepared("Transfer", 4, 1);
        var input = (double[])workload.CreateInput(1)!;
        var output = (double[])workload.Execute(1, input, null, default)!;

        Assert.Equal(4 * TransferWorkload.Columns, input.Length);
        Assert.Equal(input.Select(x => x * 2), output);
    }

    [Fact]
    public void Transfer_shares_one_argument_between_tasks()
    {
        using var workload = TestWorkloads.Prepared("Transfer", 2, 3);
        Assert.Same(workload.CreateInput(1), workload.CreateInput(3));
    }
}

public class MatrixTests
{
    [Fact]
    public void Matrix_computes_the_right_product_for_a_small_n()
    {
        var a = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 3, 4 } });
        var b = Matrix<double>.Build.DenseOfArray(new double[,] { { 5, 6 }, { 7, 8 } });

        var product = MatrixWorkload.Multiply(a, b);

        Assert.Equal(new double[,] { { 19, 22 }, { 43, 50 } }, product.ToArray());
    }

    [Fact]
    public void Matrix_product_of_prepared_matrices_matches_a_naive_product()
    {
        var a = Matrix<double>.Build.Random(7, 7, 1);
        var b = Matrix<double>.Build.Random(7, 7, 2);
        var product = MatrixWorkload.Multiply(a, b);
        for (var i = 0; i < 7; i++)
            for (var j = 0; j < 7; j++)
                Assert.Equal(Enumerable.Range(0, 7).Sum(k => a[i, k] * b[k, j]), product[i, j], 9);
    }

    [Fact]
    public void Matrix_product_of_a_size_that_does_not_split_evenly_into_bands_is_still_exact()
    {
        var a = Matrix<double>.Build.Random(MatrixWorkload.MinimumBandRows * 3 + 5, 11, 3);
        var b = Matrix<double>.Build.Random(11, 9, 4);

        Assert.True((a * b).Equals(MatrixWorkload.Multiply(a, b)));
    }

    [Fact]
    public void Matrix_product_stops_between_bands_when_asked()
    {
        var a = Matrix<double>.Build.Random(64, 64, 1);
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();

        Assert.Throws<OperationCanceledException>(() => MatrixWorkload.Multiply(a, a, stopped.Token));
    }

    [Fact]
    public void Transfer_stops_between_chunks_when_asked()
    {
        using var workload = new TransferWorkload(new WorkloadSpec("Transfer", 2000, 1));
        workload.PrepareShared();
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();

        Assert.Throws<OperationCanceledException>(() => workload.Execute(1, workload.CreateInput(1), null, stopped.Token));
    }

    [Fact]
    public void One_Matrix_task_hands_its_product_to_MathNet_as_parallel_work()
    {
        // Whether the thread pool then finds a second thread in time is its choice, not ours (that is measured in
        // the experiment below); what the workload controls is that it asks: its bands go to MathNet's scheduler
        // as several pieces of work, at the parallelism MathNet allows this machine.
        using var workload = TestWorkloads.Prepared("Matrix", 700, 1);
        var scheduler = new CountingScheduler();
        var previous = MathNet.Numerics.Control.TaskScheduler;
        MathNet.Numerics.Control.TaskScheduler = scheduler;
        try
        {
            workload.Execute(1, null, null, default);
        }
        finally
        {
            MathNet.Numerics.Control.TaskScheduler = previous;
        }

        Assert.Equal(Environment.ProcessorCount, MathNet.Numerics.Control.MaxDegreeOfParallelism);
        if (Environment.ProcessorCount > 1)
            Assert.True(scheduler.Queued > 0, "MathNet ran the product without asking its scheduler for a second thread");
    }

    /// <summary>Hands work to the thread pool and counts it: a parallel loop queues its extra workers here.</summary>
    private sealed class CountingScheduler : TaskScheduler
    {
        private int queued;
        public int Queued => Volatile.Read(ref queued);
        protected override void QueueTask(Task task)
        {
            Interlocked.Increment(ref queued);
            ThreadPool.UnsafeQueueUserWorkItem(_ => TryExecuteTask(task), null);
        }
        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => TryExecuteTask(task);
        protected override IEnumerable<Task>? GetScheduledTasks() => null;
    }

    [SkippableFact]
    [Trait("Category", "Experiment")]
    public void One_Matrix_task_does_its_work_on_more_than_one_thread()
    {
        Skip.If(Environment.ProcessorCount < 2, "one core: the product runs on one thread by design");
        using var workload = TestWorkloads.Prepared("Matrix", 700, 1);
        workload.Execute(1, null, null, default); // JIT and MathNet's first-call set-up

        // Per-thread CPU time, not CPU/wall: a busy shared machine stretches wall time, but the split stays.
        var before = CpuByThread();
        workload.Execute(1, null, null, default);
        var grown = CpuByThread()
            .Select(t => t.Value - before.GetValueOrDefault(t.Key))
            .Where(cpu => cpu > TimeSpan.Zero)
            .ToList();
        var total = grown.Aggregate(TimeSpan.Zero, (sum, cpu) => sum + cpu);
        var sharing = grown.Count(cpu => cpu >= total * 0.15);

        Assert.True(sharing >= 2, $"{sharing} thread(s) did at least 15% of the product's {total.TotalMilliseconds:0} ms of CPU");
    }

    private static Dictionary<int, TimeSpan> CpuByThread()
    {
        using var process = Process.GetCurrentProcess();
        var times = new Dictionary<int, TimeSpan>();
        foreach (ProcessThread thread in process.Threads)
        {
            try { times[thread.Id] = thread.TotalProcessorTime; }
            catch (InvalidOperationException) { } // the thread ended between listing and reading
            catch (Win32Exception) { }
        }
        return times;
    }
}

public class CsvTests
{
    [Fact]
    public void Csv_parses_every_generated_row_into_typed_columns()
    {
        var folder = Directory.CreateTempSubdirectory("pc-csv-test");
        try
        {
            var path = Path.Combine(folder.FullName, "data.csv");
            CsvWorkload.Generate(path, 250, seed: 7);
            var table = CsvWorkload.Parse(path);

            Assert.Equal(250, table.Id.Length);
            Assert.Equal(Enumerable.Range(0, 250), table.Id);
            Assert.All(table.Value, v => Assert.InRange(v, 0, 1000));
            Assert.All(table.Weight, w => Assert.InRange(w, 0, 1));
            Assert.All(table.Name, n => Assert.StartsWith("item-", n));
            Assert.All(table.Category, c => Assert.Contains(c, new[] { "alpha", "beta", "gamma", "delta", "epsilon" }));
            Assert.All(table.Date, d => Assert.InRange(d, new DateTime(2020, 1, 1), new DateTime(2026, 1, 1)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Csv_generates_its_files_once_in_a_private_folder_and_reuses_them()
    {
        using var cacheHome = new TemporaryCacheHome();
        using var workload = new CsvWorkload(new WorkloadSpec("Csv", 37, 2));
        workload.PrepareShared();
        var first = File.GetLastWriteTimeUtc(Path.Combine(workload.Folder, "data-00.csv"));
        workload.PrepareShared();
        workload.PrepareLocal();

        Assert.Equal(first, File.GetLastWriteTimeUtc(Path.Combine(workload.Folder, "data-00.csv")));
        Assert.Equal(CsvWorkload.FileCount, Directory.GetFiles(workload.Folder, "*.csv").Length);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(CsvWorkload.CacheRoot));
        Assert.Null(workload.Execute(1, null, null, default));
    }
}

public class SleepTests
{
    [Fact]
    public void Sleep_waits_its_size_in_milliseconds()
    {
        using var workload = TestWorkloads.Prepared("Sleep", 120, 1);
        var watch = Stopwatch.StartNew();
        workload.Execute(1, null, null, default);
        // Half the wait at least (a timer never fires that early; not waiting at all reads about 0), and far
        // below forever, even for a thread woken late on a busy machine.
        Assert.InRange(watch.Elapsed.TotalMilliseconds, 60, 10_000);
    }

    [Fact]
    public void Sleep_stops_waiting_when_cancelled()
    {
        using var workload = TestWorkloads.Prepared("Sleep", 10_000, 1);
        using var cancellation = new CancellationTokenSource(50);
        Assert.Throws<OperationCanceledException>(() => workload.Execute(1, null, null, cancellation.Token));
    }
}

public class WorkloadCatalogTests
{
    [Fact]
    public void Knows_the_built_in_workloads_with_their_facts()
    {
        var catalog = WorkloadCatalog.CreateBuiltIn();
        Assert.Equal(["Loop", "LockedLoop", "Csv", "Matrix", "Transfer", "Sleep"], catalog.Names);
        Assert.Equal([1, 2, 3, 4], catalog.All.Where(w => w.SeedExperiment is not null).Select(w => w.SeedExperiment!.Value).Order());
        Assert.All(catalog.All, w => Assert.True(w.DefaultSize > 0 && w.Description.Length > 0 && w.SizeUnit.Length > 0));
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => WorkloadCatalog.CreateBuiltIn().Create(new WorkloadSpec("Nope", 1, 1)));
        Assert.Contains("Loop, LockedLoop, Csv", error.Message);
    }
}
