using ParallelCmdlets.Executors;

namespace ParallelCmdlets.Tests.Executors;

/// <summary>The Enter-PSHostProcess socket a killed pwsh leaves in the temp folder, and only it, is removed.</summary>
public class PowerShellHostPipeTests
{
    private static readonly DateTime Start = new(2026, 11, 26, 0, 40, 0, DateTimeKind.Local);

    [Fact]
    public void Names_the_socket_as_PowerShell_does_with_8_hex_digits_of_the_start_and_the_pid()
    {
        var hex = Start.ToFileTime().ToString("X8").Substring(1, 8);
        Assert.Equal($"CoreFxPipe_PSHost.{hex}.4242.", PowerShellHostPipe.NamePrefix(4242, Start));
    }

    [Fact]
    public void Removes_the_ended_process_socket_and_leaves_those_of_other_processes()
    {
        var folder = Directory.CreateTempSubdirectory("pct-pipe-").FullName;
        try
        {
            var mine = Path.Combine(folder, PowerShellHostPipe.NamePrefix(4242, Start) + "None.pwsh");
            var otherPid = Path.Combine(folder, PowerShellHostPipe.NamePrefix(42420, Start) + "None.pwsh");
            var otherStart = Path.Combine(folder, PowerShellHostPipe.NamePrefix(4242, Start.AddHours(1)) + "None.pwsh");
            foreach (var file in new[] { mine, otherPid, otherStart }) File.WriteAllText(file, "");

            PowerShellHostPipe.RemoveLeftBy(4242, Start, folder);

            Assert.False(File.Exists(mine));
            Assert.True(File.Exists(otherPid));
            Assert.True(File.Exists(otherStart));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Removes_the_sockets_an_ended_job_process_left_since_the_run_began_and_never_an_older_one_or_a_live_process_s()
    {
        var folder = Directory.CreateTempSubdirectory("pct-pipe-").FullName;
        using var ended = System.Diagnostics.Process.Start("true")!;
        ended.WaitForExit();
        try
        {
            var runBegan = DateTime.UtcNow.AddMinutes(-1);
            var left = Path.Combine(folder, PowerShellHostPipe.NamePrefix(ended.Id, DateTime.Now) + "None.pwsh");
            var older = Path.Combine(folder, PowerShellHostPipe.NamePrefix(ended.Id, DateTime.Now.AddDays(-1)) + "None.pwsh");
            var live = Path.Combine(folder, PowerShellHostPipe.NamePrefix(Environment.ProcessId, DateTime.Now) + "None.pwsh");
            foreach (var file in new[] { left, older, live }) File.WriteAllText(file, "");
            File.SetLastWriteTimeUtc(older, DateTime.UtcNow.AddDays(-1));

            PowerShellHostPipe.RemoveLeftSince(ended.Id, runBegan, folder);
            PowerShellHostPipe.RemoveLeftSince(Environment.ProcessId, runBegan, folder);

            Assert.False(File.Exists(left));
            Assert.True(File.Exists(older), "a file from before the run belongs to another process that had the pid");
            Assert.True(File.Exists(live), "a running process's socket is its own");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
