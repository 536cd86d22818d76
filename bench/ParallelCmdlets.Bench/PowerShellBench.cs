using System.Diagnostics;
using System.Globalization;

namespace ParallelCmdlets.Bench;

/// <summary>
/// Row 5, for reference: the same empty tasks through PowerShell's own mechanisms, timed inside a fresh pwsh
/// (after a warm-up batch) so pwsh's start-up is not counted.
/// </summary>
internal static class PowerShellBench
{
    private static readonly (string Name, int Tasks, int Passes, string Batch)[] Mechanisms =
    [
        ("ForEach-Object -Parallel -ThrottleLimit 2", 200, 3, "1..$n | ForEach-Object -Parallel { $_ } -ThrottleLimit 2 | Out-Null"),
        // Jobs are all started before any is received, so each does not wait for the one before it.
        ("Start-ThreadJob -ThrottleLimit 2", 100, 3,
            "$jobs = @(1..$n | ForEach-Object { Start-ThreadJob -ScriptBlock { param($x) $x } -ArgumentList $_ -ThrottleLimit 2 }); $jobs | Receive-Job -Wait -AutoRemoveJob | Out-Null"),
        ("Start-Job", 10, 1,
            "$jobs = @(1..$n | ForEach-Object { Start-Job -ScriptBlock { param($x) $x } -ArgumentList $_ }); $jobs | Receive-Job -Wait -AutoRemoveJob | Out-Null"),
    ];

    public static IEnumerable<Row> Rows(BenchContext context)
    {
        var threads = context.ThreadsPerTaskTwoWorkers ?? double.NaN;
        foreach (var (name, tasks, passes, batch) in Mechanisms)
        {
            var measure = $"5. Empty task via {name} ({tasks} tasks), per task vs module Threads (2 workers)";
            Row row;
            try
            {
                if (context.PwshPath is null) throw new InvalidOperationException("no --pwsh given");
                row = Row.Reference(measure, PerTaskSeconds(context.PwshPath, Script(batch, tasks, passes)), threads);
            }
            catch (Exception e)
            {
                row = Row.Failed(measure, e.Message);
            }
            yield return row;
        }
    }

    private static string Script(string batch, int tasks, int passes) => $$"""
        $ErrorActionPreference = 'Stop'
        function Invoke-Batch([int] $n) { {{batch}} }
        Invoke-Batch 2
        $times = @(foreach ($pass in 1..{{passes}}) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            Invoke-Batch {{tasks}}
            $watch.Elapsed.TotalSeconds / {{tasks}}
        })
        $times = @($times | Sort-Object)
        $times[[int][math]::Floor($times.Count / 2)].ToString('R', [cultureinfo]::InvariantCulture)
        """;

    private static double PerTaskSeconds(string pwsh, string script)
    {
        var info = new ProcessStartInfo(pwsh)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["NO_COLOR"] = "1"; // plain error text if pwsh fails
        foreach (var a in new[] { "-NoProfile", "-NonInteractive", "-Command", script }) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {pwsh}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("pwsh did not finish within 180 s.");
        }
        process.WaitForExit();
        var last = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (process.ExitCode != 0 || !double.TryParse(last, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            throw new InvalidOperationException($"pwsh exited with {process.ExitCode}: {error.Result.Trim()} {last}");
        return seconds;
    }
}
