using System.Diagnostics;

namespace ParallelCmdlets.Tests;

/// <summary>
/// How long a stop may take on this machine as loaded right now. The promise to users is about a second; a test
/// measures what any stop costs here (end a child process and reap it) just before, and allows ten times that on
/// top, so a loaded machine moves the bound with the thing it bounds instead of failing the test.
/// </summary>
internal static class StopBound
{
    public static TimeSpan Measure()
    {
        var watch = Stopwatch.StartNew();
        using (var child = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!)
        {
            child.Kill();
            child.WaitForExit();
        }
        var reference = watch.Elapsed;
        return TimeSpan.FromSeconds(1) + 10 * reference;
    }
}
