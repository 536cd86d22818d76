namespace ParallelCmdlets.Bench;

/// <summary>
/// Row 9: what the Remote strategy adds to PowerShell remoting. The bench starts its own sshd on 127.0.0.1 with
/// the tests' SSH fixture (in tests/Pester/TestHelpers.ps1), opens two sessions to it in one fresh pwsh, and, taking
/// turns after a warm-up, runs the same task through the module's Remote strategy on one session and as a bare
/// Invoke-Command -Session round trip on the other: an empty task, and one returning a 1,000,000-element
/// double[] (8 MB), which remoting serialises element by element. Per task, the module's time is a timed run's
/// Elapsed as it reports it, the bare one a Stopwatch around the same tasks.
/// </summary>
internal static class RemoteBench
{
    /// <summary>The module's per-task cost may be at most this multiple of a bare Invoke-Command round trip.</summary>
    public const double MaxRatio = 1.5;

    private static readonly (string Name, int Tasks, int Passes, string Module, string Bare)[] Cases =
    [
        ("Empty task", 100, 9, "-ScriptBlock { $TaskId }", "Invoke-Command -Session $bare -ScriptBlock { param($x) $x } -ArgumentList $i"),
        ("Returning a double[] of 1,000,000 (8 MB)", 1, 5, "-ScriptBlock { param($n) ,[double[]]::new($n) } -ArgumentList 1000000",
            "Invoke-Command -Session $bare -ScriptBlock { param($n) ,[double[]]::new($n) } -ArgumentList 1000000"),
    ];

    public static IEnumerable<Row> Rows(BenchContext context, List<string> notes)
    {
        var fixture = FindFixture();
        var rows = new List<Row>();
        foreach (var (name, tasks, passes, module, bare) in Cases)
        {
            var measure = $"9. {name} via Remote on SSH to localhost ({tasks} task{(tasks == 1 ? "" : "s")} in a row, 1 session), per task: module's Remote vs a bare Invoke-Command -Session";
            try
            {
                if (context.PwshPath is null || context.ModulePath is null) throw new InvalidOperationException("needs --pwsh and --module");
                if (fixture is null) throw new InvalidOperationException("tests/Pester/TestHelpers.ps1 (the SSH fixture) was not found above the bench");
                var (moduleTimes, bareTimes, spread) = PowerShellBench.UntilDecided(() => PowerShellBench.PairedSamples(
                    PowerShellBench.RunText(context, Script(context.ModulePath, fixture, tasks, passes, module, bare))), MaxRatio);
                rows.Add(Row.Speed(measure, moduleTimes, bareTimes, MaxRatio));
                notes.Add($"Row 9, {name}: {spread}.");
            }
            catch (Exception e)
            {
                rows.Add(Row.Failed(measure, e.Message));
            }
        }
        return rows;
    }

    private static string Script(string modulePath, string fixture, int tasks, int passes, string module, string bare) => $$"""
        Import-Module '{{modulePath}}'
        . '{{fixture}}'
        $server = Start-TestSshd -Address 127.0.0.1
        try {
            $ssh = @{ HostName = '127.0.0.1'; Port = $server.Port; KeyFilePath = $server.KeyFilePath; Options = $server.Options }
            $mine = New-PSSession @ssh
            $bare = New-PSSession @ssh
            function Invoke-Bare([int] $n) { foreach ($i in 1..$n) { $null = {{bare}} } }
            function Invoke-Module([int] $n) {
                (Measure-Strategy {{module}} -Strategy Remote -Session $mine -Tasks $n -Repeat 1 -Warmup 1 -WarningAction SilentlyContinue).Elapsed
            }
            {{PowerShellBench.TakingTurns(2, tasks, passes)}}
        }
        finally {
            $mine, $bare | Where-Object { $_ } | Remove-PSSession
            $server | Stop-TestSshd
        }
        """;

    /// <summary>The tests' helpers holding the sshd fixture, found by walking up from the bench's own folder to the repository.</summary>
    private static string? FindFixture()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "Pester", "TestHelpers.ps1");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
