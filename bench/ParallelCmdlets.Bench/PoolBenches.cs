using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Bench;

/// <summary>Rows 6 and 7: what the process pool leaves behind, and the parent's peak memory.</summary>
internal static class PoolBenches
{
    public static Row Reliability(BenchContext context)
    {
        const int runs = 100, workers = 2, tasks = 4;
        using var workload = context.Prepare("Loop", 1, tasks);
        void Once()
        {
            using var executor = context.StartProcesses(workload, workers);
            BenchContext.TimedRun(executor, tasks);
        }

        // One untimed round first: the runtime opens some handles once, lazily (socket engine, child-exit pipe).
        Once();
        var children = ProcessProbe.Children().ToHashSet();
        var folders = ProcessProbe.PoolFolders();
        var handles = ProcessProbe.OpenHandles();
        for (var i = 0; i < runs; i++) Once();
        // No forced GC: a handle only a finalizer would close counts as leaked.
        var leftChildren = ProcessProbe.Children().Count(c => !children.Contains(c));
        var leftFolders = ProcessProbe.PoolFolders().Count(f => !folders.Contains(f));
        var growth = ProcessProbe.OpenHandles() - handles;
        var met = leftChildren == 0 && leftFolders == 0 && growth <= 10;
        return new Row($"6. Reliability: {runs} × (start {workers} workers, {tasks} empty tasks, dispose)",
            $"{leftChildren} processes, {leftFolders} folders, fd {growth:+0;-0;+0}", $"fd before: {handles}", "—",
            "0 processes, 0 folders, fd ≤ +10", met ? "yes" : "no");
    }

    public static Row Memory(BenchContext context, List<string> notes)
    {
        const int workers = 2, tasks = 16;
        const long size = 10_000;
        var payload = TransferWorkload.PayloadBytes(size);
        // Start from what is live now, not from garbage earlier rows left.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var reset = ProcessProbe.ResetPeak();
        var before = ProcessProbe.PeakResidentBytes();
        long peak;
        using (var workload = context.Prepare("Transfer", size, tasks))
        using (var executor = context.StartProcesses(workload, workers))
        {
            BenchContext.TimedRun(executor, tasks);
            peak = ProcessProbe.PeakResidentBytes();
        }
        var limit = 2 + 2 * workers;
        var ratio = (double)peak / payload;
        notes.Add($"Row 7: peak RSS (VmHWM) {(reset ? "reset" : "not reset (no /proc/self/clear_refs)")} before the run; " +
                  $"resident before the run {Format.Megabytes(before)}, so the run itself added {Format.Megabytes(peak - before)}.");
        return new Row($"7. Memory: peak working set of the parent, Transfer Size {size} × {tasks} tasks, Processes ({workers} workers)",
            Format.Megabytes(peak), $"payload {Format.Megabytes(payload)}", $"{Format.Ratio(ratio)} × payload",
            $"≤ {limit} × payload (2 + 2 × Workers)", ratio <= limit ? "yes" : "no");
    }
}

/// <summary>
/// A temp folder of this bench run's own, made the process's TMPDIR (children inherit it) until disposed.
/// Other processes' pools come and go in the shared temp folder and would count as left behind in row 6.
/// </summary>
internal sealed class PrivateTempFolder : IDisposable
{
    private const string Variable = "TMPDIR";
    private readonly string? previous;

    private PrivateTempFolder(string path, string? previous)
    {
        Path = path;
        this.previous = previous;
    }

    public string Path { get; }

    public static PrivateTempFolder Enter()
    {
        var previous = Environment.GetEnvironmentVariable(Variable);
        var path = Directory.CreateTempSubdirectory("pcb-run-").FullName;
        Environment.SetEnvironmentVariable(Variable, path);
        return new PrivateTempFolder(path, previous);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Variable, previous);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
