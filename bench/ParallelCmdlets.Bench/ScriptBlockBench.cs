namespace ParallelCmdlets.Bench;

/// <summary>
/// Rows 11–13: the module's own Threads and Processes are the upper bound of what threads and processes can do for a
/// ScriptBlock in PowerShell. Each row times both sides alike in one fresh pwsh, taking turns after a warm-up, and is
/// judged on the paired samples' ratio with its interval, as row 5 is.
/// </summary>
internal static class ScriptBlockBench
{
    /// <summary>Row 11: the module's Threads may cost no more per task than a bare runspace pool of the same size.</summary>
    public const double ThreadsGoal = 1.0;

    /// <summary>Row 12: the module's Processes may cost no more per task than twice its Threads.</summary>
    public const double ProcessesGoal = 2.0;

    /// <summary>Row 13: a pool of N workers is ready within this many bare pwsh starts per round of N / cores.</summary>
    public const double StartupFactor = 1.25;

    private const int Tasks = 400;
    private const int Passes = 15;

    private static readonly (string Name, string Block, string Arguments)[] Blocks =
    [
        ("an empty ScriptBlock { }", "", ""),
        ("a one-parameter block { param($x) $x }", "param($x) $x", "1"),
    ];

    public static IEnumerable<Row> Rows(BenchContext context, List<string> notes)
    {
        foreach (var (name, block, arguments) in Blocks)
            yield return Judged(context, notes, $"11. {name}, {Tasks} tasks, per task: module's Threads (2 workers) vs a bare RunspacePool of 2 (BeginInvoke per task) in the same pwsh",
                "Threads vs bare pool, " + name, ThreadsGoal, ThreadsAgainstPool(context, block, arguments));
        yield return Judged(context, notes, $"12. Empty ScriptBlock, {Tasks} tasks, per task: module's Processes (2 workers) vs module's Threads (2 workers) in the same pwsh, each after its warm-up until steady, measured until precise",
            "Processes vs Threads", ProcessesGoal, ProcessesAgainstThreads(context));
        foreach (var workers in new[] { 1, 2, 4 })
        {
            var rounds = (int)Math.Ceiling(workers / (double)Environment.ProcessorCount);
            yield return Judged(context, notes,
                $"13. Pool of {workers} PowerShell worker(s) for a ScriptBlock ready (StartupSeconds) vs one bare `pwsh -NoProfile -c exit` beside it; goal {Format.Ratio(StartupFactor)} × ⌈{workers} / {Environment.ProcessorCount} cores⌉",
                $"pool of {workers}", StartupFactor * rounds, PoolStartup(context, workers));
            if (context.PwshPath is not null) notes.Add(BareTogether(context.PwshPath, workers));
        }
    }

    /// <summary>
    /// Beside row 13, not judged: N bare pwsh started at once, from start to the last exit, and the CPU each used.
    /// A pwsh start keeps more than one core busy (JIT and GC threads), so this is the floor a pool of N pwsh
    /// processes would meet on this machine; the module's workers load the engine without starting pwsh. Each reads
    /// and rewrites its own copy of pwsh's cache folder: pwsh processes exiting together corrupt a shared startup
    /// profile, and the next pwsh to read it dies (PowerShell issue 26528).
    /// </summary>
    private static string BareTogether(string pwsh, int workers)
    {
        const int Samples = 5;
        var walls = new List<double>();
        var cpuBefore = Measurement.CpuClock.ReapedChildrenSeconds();
        for (var sample = 0; sample < Samples; sample++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var started = Enumerable.Range(0, workers).Select(index =>
            {
                var info = new System.Diagnostics.ProcessStartInfo(pwsh) { UseShellExecute = false };
                StartupProfile.UseOwnCopy(info, index);
                foreach (var a in new[] { "-NoProfile", "-NonInteractive", "-Command", "exit" }) info.ArgumentList.Add(a);
                return System.Diagnostics.Process.Start(info)!;
            }).ToList();
            foreach (var process in started)
            {
                process.WaitForExit();
                process.Dispose();
            }
            walls.Add(watch.Elapsed.TotalSeconds);
        }
        var cpuEach = (Measurement.CpuClock.ReapedChildrenSeconds() - cpuBefore) / (Samples * workers);
        walls.Sort();
        return $"Row 13, beside the pool of {workers}: {workers} bare pwsh started at once were all done after {Format.Time(walls[Samples / 2])} ({Format.Time(walls[0])}–{Format.Time(walls[^1])}, {Samples} samples), each using {Format.Time(cpuEach)} of CPU: the floor for any pool of {workers} pwsh processes here.";
    }

    private static Row Judged(BenchContext context, List<string> notes, string measure, string note, double goal, Func<(List<double>, List<double>, string)> session)
    {
        try
        {
            if (context.PwshPath is null || context.ModulePath is null) throw new InvalidOperationException("needs --pwsh and --module");
            var (module, baseline, spread) = PowerShellBench.UntilDecided(session, goal);
            notes.Add($"Row {measure[..measure.IndexOf('.')]}, {note}: {spread}.");
            return Row.Speed(measure, module, baseline, goal);
        }
        catch (Exception e)
        {
            return Row.Failed(measure, e.Message);
        }
    }

    /// <summary>The module's Threads and a bare pool of 2 on the same block; the bare side as users write a pool, the pool opened once outside both timings.</summary>
    private static Func<(List<double>, List<double>, string)> ThreadsAgainstPool(BenchContext context, string block, string arguments) => () =>
    {
        var addArgument = arguments.Length > 0 ? $".AddArgument({arguments})" : "";
        var argumentList = arguments.Length > 0 ? $"-ArgumentList {arguments} " : "";
        return PowerShellBench.PairedSamples(PowerShellBench.RunText(context, $$"""
            Import-Module '{{context.ModulePath}}'
            $pool = [runspacefactory]::CreateRunspacePool(1, 2); $pool.Open()
            function Invoke-Bare([int] $n) {
                $shells = foreach ($i in 1..$n) { $ps = [powershell]::Create(); $ps.RunspacePool = $pool; $null = $ps.AddScript('{{block}}'){{addArgument}}; [System.Tuple]::Create($ps, $ps.BeginInvoke()) }
                foreach ($s in $shells) { $null = $s.Item1.EndInvoke($s.Item2); $s.Item1.Dispose() }
            }
            function Invoke-Module([int] $n) {
                (Measure-Strategy -ScriptBlock { {{block}} } {{argumentList}}-Strategy Threads -Tasks $n -Workers 2 -Repeat 1 -Warmup 1 -WarningAction SilentlyContinue).Elapsed
            }
            {{PowerShellBench.TakingTurns(4, Tasks, Passes)}}
            $pool.Close()
            """));
    };

    /// <summary>
    /// Both sides are the module's, each its headline Elapsed (the mean of the timed runs, measured until precise)
    /// after its own warm-up until steady: "bare" is its Threads here. A fixed warm-up of one run compared a worker
    /// process a second old, its PowerShell engine still at the runtime's first tier (110-190 µs a task), with
    /// Threads in a pwsh that earlier samples had warmed; one timed run of 400 empty tasks (10-30 ms) per sample
    /// made pairs whose ratio ranged 1.2-4.1 within one pwsh.
    /// </summary>
    private static Func<(List<double>, List<double>, string)> ProcessesAgainstThreads(BenchContext context) => () =>
        PowerShellBench.PairedSamples(PowerShellBench.RunText(context, $$"""
            Import-Module '{{context.ModulePath}}'
            function Invoke-Bare([int] $n) {
                (Measure-Strategy -ScriptBlock { } -Strategy Threads -Tasks $n -Workers 2 -WarningAction SilentlyContinue).Elapsed
            }
            function Invoke-Module([int] $n) {
                (Measure-Strategy -ScriptBlock { } -Strategy Processes -Tasks $n -Workers 2 -WarningAction SilentlyContinue).Elapsed
            }
            {{PowerShellBench.TakingTurns(4, Tasks, 11, bareReportsItself: true)}}
            """));

    /// <summary>
    /// The pool's StartupSeconds (Process.Start of the first worker to the last one ready for tasks) against one bare
    /// pwsh from start to exit, per sample; both are whole seconds, not per task.
    /// </summary>
    private static Func<(List<double>, List<double>, string)> PoolStartup(BenchContext context, int workers) => () =>
        PowerShellBench.PairedSamples(PowerShellBench.RunText(context, $$"""
            Import-Module '{{context.ModulePath}}'
            $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
            function Invoke-Bare([int] $n) { & $pwsh -NoProfile -NonInteractive -Command exit; if ($LASTEXITCODE) { throw "pwsh exited with $LASTEXITCODE" } }
            function Invoke-Module([int] $n) {
                (Measure-Strategy -ScriptBlock { } -Strategy Processes -Tasks {{workers}} -Workers {{workers}} -Repeat 1 -Warmup 0 -WarningAction SilentlyContinue).StartupSeconds
            }
            {{PowerShellBench.TakingTurns(1, 1, 7)}}
            """));

}
