using System.Diagnostics;

namespace ParallelCmdlets.Bench;

/// <summary>Parses the options, runs every row once in this process, prints the table and writes it to --output.</summary>
internal static class BenchRunner
{
    private static HashSet<int>? only;

    public static int Run(string[] args)
    {
        string? module = null, pwsh = null, output = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--module": module = args[i + 1]; break;
                case "--pwsh": pwsh = args[i + 1]; break;
                case "--output": output = args[i + 1]; break;
                case "--rows": only = args[i + 1].Split(',').Select(int.Parse).ToHashSet(); break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}. Usage: ParallelCmdlets.Bench [--module DIR] [--pwsh PATH] [--output FILE] [--rows 1,3]");
                    return 2;
            }
        }

        var total = Stopwatch.StartNew();
        var notes = new List<string>();
        var rows = new SortedDictionary<int, List<Row>>();
        using var temp = PrivateTempFolder.Enter();
        using var context = new BenchContext(module, pwsh);
        notes.Add($"Workers: {context.Launcher.Description}. Times are medians of interleaved module/baseline samples after warm-up; each ratio is the geometric mean of the paired samples' ratios with its 95 % interval (Student's t on the log ratios), \"yes\" only when the interval's upper end is within the goal, \"no\" when its lower end is beyond it; an undecided row takes more samples, within a bound, and otherwise says \"within noise\".");
        notes.Add($"Temp folder: {temp.Path}, this run's own (TMPDIR, inherited by every child), so row 6 counts only the pool folders this run left, not those of other processes on a shared machine.");

        // Order of running, not of the table: memory before the big transfers leave garbage behind,
        // reliability last so no other child process is about.
        Measure(rows, 1, "1. Empty task, Threads", () => [ExecutorBenches.EmptyThreads(context)]);
        Measure(rows, 8, "8. CPU reading", () => [ClockBench.CpuReading(context, notes)]);
        Measure(rows, 7, "7. Memory", () => [PoolBenches.Memory(context, notes)]);
        Measure(rows, 2, "2. Empty task, Processes", () => [ExecutorBenches.EmptyProcesses(context)]);
        Measure(rows, 10, "10. The parent's own CPU", () => [ParentCpuBench.ParentCpu(context, notes)]);
        Measure(rows, 3, "3. Transfer", () => ExecutorBenches.Transfer(context, notes).ToList());
        Measure(rows, 3, "3b. Transfer, SharedMemory", () => ExecutorBenches.TransferSharedMemory(context, notes).ToList());
        context.DisposeEcho();
        Measure(rows, 4, "4. Start-up", () => [ExecutorBenches.Startup(context)]);
        Measure(rows, 5, "5. PowerShell's tools", () => PowerShellBench.Rows(context, notes).ToList());
        Measure(rows, 9, "9. Remote", () => RemoteBench.Rows(context, notes).ToList());
        Measure(rows, 11, "11–13. ScriptBlocks on the module's Threads and Processes", () => ScriptBlockBench.Rows(context, notes).ToList());
        Measure(rows, 6, "6. Reliability", () => [PoolBenches.Reliability(context)]);

        notes.AddRange(PowerShellBench.StartupCrashes.Select(c => $"PowerShell's startup crash: {c}."));
        notes.Add($"Whole bench: {Format.Time(total.Elapsed.TotalSeconds)}.");
        var markdown = ResultTable.ToMarkdown(rows.Values.SelectMany(r => r).ToList(), notes);
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (output is not null) File.WriteAllText(output, markdown);
        return 0;
    }

    private static void Measure(SortedDictionary<int, List<Row>> rows, int number, string name, Func<List<Row>> measure)
    {
        if (only is not null && !only.Contains(number)) return;
        var watch = Stopwatch.StartNew();
        Console.Write($"{name} ... ");
        // Several measures may share a number (3 and 3b): their rows follow each other.
        if (!rows.TryGetValue(number, out var list)) rows[number] = list = [];
        try
        {
            list.AddRange(measure());
        }
        catch (Exception e)
        {
            list.Add(Row.Failed(name, e.Message));
        }
        Console.WriteLine(Format.Time(watch.Elapsed.TotalSeconds));
    }
}
