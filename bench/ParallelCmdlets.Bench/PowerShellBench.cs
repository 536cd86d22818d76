using System.Diagnostics;
using System.Globalization;
using ParallelCmdlets.Executors;

namespace ParallelCmdlets.Bench;

/// <summary>
/// Row 5: the module adds little to PowerShell's tools it measures. In one fresh pwsh with the module imported,
/// an empty task goes through each tool bare (written as users write it) and through the module's strategy of
/// that tool, the two taking turns after a warm-up; per task, the module's time is a timed run's Elapsed as it
/// reports it (after its own warm-up run, as by default), the bare tool's one Stopwatch around the same batch. The module's own Threads and Processes,
/// on the same empty ScriptBlock, stand beside them.
/// </summary>
internal static class PowerShellBench
{
    /// <summary>The module's per-task cost may be at most this multiple of the bare tool's.</summary>
    public const double MaxRatio = 1.1;

    private static readonly (string Strategy, string Name, int Tasks, int Passes, string Bare)[] Tools =
    [
        ("ForEachParallel", "ForEach-Object -Parallel -ThrottleLimit 2", 300, 15,
            "1..$n | ForEach-Object -Parallel { $_ } -ThrottleLimit 2 | Out-Null"),
        // All jobs are started before any is received, as the module does.
        ("ThreadJob", "Start-ThreadJob -ThrottleLimit 2", 60, 7,
            "$jobs = foreach ($i in 1..$n) { Start-ThreadJob -ScriptBlock { param($x) $x } -ArgumentList $i -ThrottleLimit 2 }; $jobs | Receive-Job -Wait -AutoRemoveJob | Out-Null"),
        // Start-Job has no throttle: users keep two running with Wait-Job -Any, as the module does.
        ("Job", "Start-Job, 2 at a time", 6, 5,
            """
            $running = [System.Collections.Generic.List[object]]::new()
            foreach ($i in 1..$n) {
                while ($running.Count -ge 2) { $done = Wait-Job -Job $running -Any; $null = $running.Remove($done); Receive-Job -Job $done -Wait -AutoRemoveJob | Out-Null }
                $running.Add((Start-Job -ScriptBlock { param($x) $x } -ArgumentList $i))
            }
            while ($running.Count -gt 0) { $done = Wait-Job -Job $running -Any; $null = $running.Remove($done); Receive-Job -Job $done -Wait -AutoRemoveJob | Out-Null }
            """),
        // The pool is opened once, outside both timings, as the module opens it before its timed runs.
        ("RunspacePool", "RunspacePool of 2, BeginInvoke per task", 1000, 21,
            """
            $shells = foreach ($i in 1..$n) { $ps = [powershell]::Create(); $ps.RunspacePool = $pool; $null = $ps.AddScript('param($x) $x').AddArgument($i); [System.Tuple]::Create($ps, $ps.BeginInvoke()) }
            foreach ($s in $shells) { $null = $s.Item1.EndInvoke($s.Item2); $s.Item1.Dispose() }
            """),
    ];

    public static IEnumerable<Row> Rows(BenchContext context, List<string> notes)
    {
        var results = new List<Row>();
        foreach (var (strategy, name, tasks, passes, bare) in Tools)
        {
            var measure = $"5. Empty task via {name} ({tasks} tasks), per task: module's {strategy} vs the bare tool in the same pwsh";
            try
            {
                if (context.PwshPath is null || context.ModulePath is null) throw new InvalidOperationException("needs --pwsh and --module");
                var goal = GoalFor(strategy);
                var (module, baseline, spread) = UntilDecided(() => Pair(context, strategy, tasks, passes, bare), goal);
                results.Add(Row.Speed(measure, module, baseline, goal));
                notes.Add($"Row 5, {strategy}: {spread}.");
            }
            catch (Exception e)
            {
                results.Add(Row.Failed(measure, e.Message));
            }
        }
        foreach (var strategy in new[] { "Threads", "Processes" })
        {
            var measure = $"5. Empty task via the module's own {strategy} (2 workers, 400 tasks), per task, beside the tools (same ScriptBlock)";
            try
            {
                if (context.PwshPath is null || context.ModulePath is null) throw new InvalidOperationException("needs --pwsh and --module");
                var seconds = Run(context, $$"""
                    Import-Module '{{context.ModulePath}}'
                    $r = Measure-Strategy -ScriptBlock { $_ } -Strategy {{strategy}} -Tasks 400 -Workers 2 -Repeat 5 -WarningAction SilentlyContinue
                    ($r.Elapsed / 400).ToString('R', [cultureinfo]::InvariantCulture)
                    """);
                results.Add(Row.Reference(measure, seconds, double.NaN) with { Baseline = "—" });
            }
            catch (Exception e)
            {
                results.Add(Row.Failed(measure, e.Message));
            }
        }
        return results;
    }

    /// <summary>
    /// The RunspacePool row's goal is 1.5×: a bare empty pool task costs about 0.1 ms and the module's in-task stamp
    /// is a script statement of about 20 µs. The other tools keep 1.1×.
    /// </summary>
    private static double GoalFor(string strategy) => strategy == "RunspacePool" ? 1.5 : MaxRatio;

    /// <summary>More pwsh sessions of paired samples, at most <see cref="ExtraSessions"/>, while the ratio's interval straddles the goal.</summary>
    internal static (List<double> Module, List<double> Bare, string Spread) UntilDecided(Func<(List<double> Module, List<double> Bare, string Spread)> session, double goal)
    {
        var (module, bare, spread) = session();
        for (var extra = 0; extra < ExtraSessions && !PairedRatio.Of(module, bare).Decided(goal); extra++)
        {
            var (m, b, _) = session();
            module.AddRange(m);
            bare.AddRange(b);
            spread = $"module {Range(module)}, bare {Range(bare)} ({extra + 2} sessions)";
        }
        return (module, bare, spread);
    }

    /// <summary>
    /// Sessions added to an undecided row, each as long as the first. A pair's ratio varies by a tenth (Start-Job,
    /// a pwsh per task) to a fifth (ForEach-Object -Parallel, where each task's runspace reset reads the mount table
    /// and lists every folder on the way to the current one) from one pass to the next, so a module within a few
    /// percent of the tool needs 30–90 pairs for an interval narrow enough to say so against 1.1; with fewer the row
    /// could only say "within noise".
    /// </summary>
    private const int ExtraSessions = 5;

    /// <summary>Module and bare tool taking turns in one pwsh; per-task samples of each, and both spreads for the notes.</summary>
    private static (List<double> Module, List<double> Bare, string Spread) Pair(BenchContext context, string strategy, int tasks, int passes, string bare)
    {
        var script = $$"""
            Import-Module '{{context.ModulePath}}'
            $pool = [runspacefactory]::CreateRunspacePool(1, 2); $pool.Open()
            function Invoke-Bare([int] $n) {
            {{bare}}
            }
            function Invoke-Module([int] $n) {
                (Measure-Strategy -ScriptBlock { $_ } -Strategy {{strategy}} -Tasks $n -Workers 2 -Repeat 1 -Warmup 1 -WarningAction SilentlyContinue).Elapsed
            }
            {{TakingTurns(4, tasks, passes)}}
            $pool.Close()
            """;
        return PairedSamples(RunText(context, script));
    }

    /// <summary>
    /// PowerShell that warms up the caller's Invoke-Bare and Invoke-Module with <paramref name="warmupTasks"/>, then
    /// times them taking turns, <paramref name="passes"/> each, and writes the per-task seconds as "module;bare".
    /// Invoke-Module returns its own seconds; Invoke-Bare is timed from outside unless <paramref name="bareReportsItself"/>.
    /// </summary>
    internal static string TakingTurns(int warmupTasks, int tasks, int passes, bool bareReportsItself = false) => $$"""
        $null = Invoke-Bare {{warmupTasks}}; $null = Invoke-Module {{warmupTasks}}
        $__module = [System.Collections.Generic.List[double]]::new(); $__bare = [System.Collections.Generic.List[double]]::new()
        foreach ($__pass in 1..{{passes}}) {
            $__first = $__pass % 2
            foreach ($__side in $__first, (1 - $__first)) {
                if ($__side -eq 1) { $__module.Add((Invoke-Module {{tasks}}) / {{tasks}}) }
                else { {{(bareReportsItself ? $"$__bare.Add((Invoke-Bare {tasks}) / {tasks})" : $"$__watch = [Diagnostics.Stopwatch]::StartNew(); $null = Invoke-Bare {tasks}; $__bare.Add($__watch.Elapsed.TotalSeconds / {tasks})")}} }
            }
        }
        ($__module -join ' ') + ';' + ($__bare -join ' ')
        """;

    /// <summary>The paired samples <see cref="TakingTurns"/> wrote (pass i of each side is pair i), and both spreads for the notes.</summary>
    internal static (List<double> Module, List<double> Bare, string Spread) PairedSamples(string line)
    {
        var sides = line.Split(';');
        var module = sides[0].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        var bare = sides[1].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        return (module, bare, $"module {Range(module)}, bare {Range(bare)}");
    }

    private static string Range(List<double> v) => $"{Format.Time(Sampling.Median(v))} ({Format.Time(v.Min())}–{Format.Time(v.Max())}, {v.Count} samples)";

    private static double Run(BenchContext context, string script) =>
        double.Parse(RunText(context, script), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs the script in a fresh pwsh and returns its last output line. A pwsh that dies as it starts (killed by a
    /// signal within seconds, nothing written) is taken for PowerShell's known crash on a startup profile that pwsh
    /// processes exiting together corrupted (PowerShell issue 26528, dotnet/runtime issue 121977): the profile is
    /// removed, as those issues advise, the crash is noted, and the session runs once more.
    /// </summary>
    internal static string RunText(BenchContext context, string script)
    {
        var (exitCode, elapsed, output, error) = RunPwsh(context, script);
        if (exitCode is 134 or 139 && elapsed < TimeSpan.FromSeconds(10) && output.Length == 0)
        {
            var removed = StartupProfile.Remove();
            StartupCrashes.Add($"a pwsh session died at start (exit {exitCode}: {FirstLine(error)}); {(removed is null ? "no startup profile was found to remove" : $"{removed} removed")} and the session run again");
            (exitCode, _, output, error) = RunPwsh(context, script);
        }
        var last = output.LastOrDefault();
        if (exitCode != 0 || string.IsNullOrEmpty(last))
            throw new InvalidOperationException($"pwsh exited with {exitCode}: {error.Trim()} {last}");
        return last;
    }

    /// <summary>What the bench notes of pwsh sessions that died at start and were run again.</summary>
    internal static List<string> StartupCrashes { get; } = [];

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";

    private static (int ExitCode, TimeSpan Elapsed, string[] Output, string Error) RunPwsh(BenchContext context, string script)
    {
        var info = new ProcessStartInfo(context.PwshPath!)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["NO_COLOR"] = "1"; // plain error text if pwsh fails
        foreach (var a in new[] { "-NoProfile", "-NonInteractive", "-Command", "$ErrorActionPreference = 'Stop'\n" + script }) info.ArgumentList.Add(a);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {context.PwshPath}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(600_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("pwsh did not finish within 600 s.");
        }
        process.WaitForExit();
        return (process.ExitCode, watch.Elapsed, output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), error.Result);
    }
}

/// <summary>The bench's handling of pwsh's startup profile (<see cref="PwshCache"/>).</summary>
internal static class StartupProfile
{
    /// <summary>Removes it; returns its path, or null when there was none.</summary>
    public static string? Remove()
    {
        var path = PwshCache.NonInteractiveStartupProfile;
        if (!File.Exists(path)) return null;
        File.Delete(path);
        return path;
    }

    /// <summary>
    /// Points a pwsh about to start at copy <paramref name="index"/> of the cache folder (its startup profile and
    /// module analysis, as warm as the shared ones), made in this run's temp folder the first time; Unix only.
    /// </summary>
    public static void UseOwnCopy(ProcessStartInfo info, int index)
    {
        if (OperatingSystem.IsWindows()) return;
        var home = Path.Combine(Path.GetTempPath(), $"pwsh-cache-{index}");
        var copy = Path.Combine(home, "powershell");
        if (!Directory.Exists(copy))
        {
            Directory.CreateDirectory(copy);
            if (Directory.Exists(PwshCache.Folder))
                foreach (var file in Directory.GetFiles(PwshCache.Folder)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        info.Environment["XDG_CACHE_HOME"] = home;
    }
}
