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
}
