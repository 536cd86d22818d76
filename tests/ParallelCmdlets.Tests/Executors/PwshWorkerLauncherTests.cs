using ParallelCmdlets.Executors;

namespace ParallelCmdlets.Tests.Executors;

public class PwshWorkerLauncherTests
{
    // ’ is a quote to PowerShell; with spaces, $(…) and ; it would break or inject into a -Command string.
    private const string ModuleFolder = "/opt/it’s a folder; $(rm -rf ~)/ParallelCmdlets";

    [Fact]
    public void A_pwsh_worker_is_started_with_File_and_every_path_as_its_own_argument_verbatim()
    {
        var script = $"{ModuleFolder}/{PwshWorkerLauncher.WorkerScriptName}";
        var manifest = $"{ModuleFolder}/ParallelCmdlets.psd1";
        var launcher = new PwshWorkerLauncher("/usr/bin/pwsh", script, manifest);
        var arguments = new WorkerArguments("/tmp/pcw-x’y z/w1.sock", 3, 2, 4242);

        var info = launcher.CreateStartInfo(arguments);

        Assert.Equal("/usr/bin/pwsh", info.FileName);
        Assert.Empty(info.Arguments);
        Assert.DoesNotContain(info.ArgumentList, a => a.Equals("-Command", StringComparison.OrdinalIgnoreCase) || a.Equals("-c", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(
            ["-NoProfile", "-NoLogo", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File", script, manifest,
             "--socket", "/tmp/pcw-x’y z/w1.sock", "--worker", "3", "--slots", "2", "--parent", "4242"],
            info.ArgumentList);
    }
}
