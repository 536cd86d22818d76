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

    [Fact]
    public void Each_pwsh_worker_number_keeps_its_startup_profile_in_a_cache_folder_of_its_own_and_is_told_the_callers()
    {
        if (OperatingSystem.IsWindows()) return; // pwsh's cache there is LOCALAPPDATA's, left as it is
        var launcher = new PwshWorkerLauncher("/usr/bin/pwsh", "worker.ps1", "ParallelCmdlets.psd1");

        var first = launcher.CreateStartInfo(new WorkerArguments("/tmp/w1.sock", 1, 1, 4242));
        var second = launcher.CreateStartInfo(new WorkerArguments("/tmp/w2.sock", 2, 1, 4242));

        Assert.NotEqual(first.Environment["XDG_CACHE_HOME"], second.Environment["XDG_CACHE_HOME"]);
        Assert.EndsWith(Path.Combine("ParallelCmdlets", "pwsh-worker-1"), first.Environment["XDG_CACHE_HOME"]);
        Assert.Equal(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? "", first.Environment[PwshWorkerLauncher.CallerCacheHomeVariable]);
    }
}

public class PowerShellWorkerLauncherTests
{
    [Fact]
    public void A_worker_with_the_callers_engine_runs_on_the_callers_runtime_version_with_every_path_as_its_own_argument()
    {
        const string folder = "/opt/it’s a folder; $(rm -rf ~)";
        var launcher = new PowerShellWorkerLauncher("/usr/share/dotnet/dotnet", $"{folder}/ParallelCmdlets.Worker.dll", "10.0.12",
            $"{folder}/pwsh home", $"{folder}/ParallelCmdlets.dll");

        var info = launcher.CreateStartInfo(new WorkerArguments("/tmp/pcw-x y/w1.sock", 3, 2, 4242));

        Assert.Equal("/usr/share/dotnet/dotnet", info.FileName);
        Assert.Empty(info.Arguments);
        Assert.Equal(
            ["exec", "--fx-version", "10.0.12", $"{folder}/ParallelCmdlets.Worker.dll", "--powershell", $"{folder}/pwsh home",
             "--module", $"{folder}/ParallelCmdlets.dll", "--socket", "/tmp/pcw-x y/w1.sock", "--worker", "3", "--slots", "2", "--parent", "4242"],
            info.ArgumentList);
        // Profile-guided tiering as the caller has it (on by default, as in pwsh): the warm-up's pauses let it finish.
        Assert.Equal(Environment.GetEnvironmentVariable("DOTNET_TieredPGO"), info.Environment.TryGetValue("DOTNET_TieredPGO", out var pgo) ? pgo : null);
        Assert.False(info.Environment.ContainsKey("DOTNET_TieredCompilation"));
    }

    [Fact]
    public void No_launcher_is_offered_for_an_engine_that_is_not_there()
    {
        Assert.Null(PowerShellWorkerLauncher.TryCreate("/nonexistent/System.Management.Automation.dll", typeof(PowerShellWorkerLauncher).Assembly.Location));
    }

    [Fact]
    public void No_launcher_is_offered_for_an_engine_outside_a_PowerShell_installation_such_as_this_test_hosts_SDK()
    {
        var engine = typeof(System.Management.Automation.PSObject).Assembly.Location;
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(engine)!, "pwsh.dll")), $"{engine} sits in a PowerShell installation here");
        Assert.Null(PowerShellWorkerLauncher.TryCreate(engine, typeof(PowerShellWorkerLauncher).Assembly.Location));
    }
}
