using System.Diagnostics;

namespace ParallelCmdlets.Executors;

/// <summary>What a worker process is told when it starts.</summary>
public sealed record WorkerArguments(string SocketPath, int WorkerId, int Slots, int ParentProcessId)
{
    public IEnumerable<string> ToArgs() =>
    [
        "--socket", SocketPath,
        "--worker", WorkerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--slots", Slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--parent", ParentProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];
}

/// <summary>
/// How a worker process is started: the small .NET worker, alone or with the caller's PowerShell engine loaded
/// in it, or the same loop hosted inside pwsh.
/// </summary>
public interface IWorkerLauncher
{
    string Description { get; }
    ProcessStartInfo CreateStartInfo(WorkerArguments arguments);
}

/// <summary>
/// Starts ParallelCmdlets.Worker.dll on the dotnet host: about 25 ms to a ready process, against about half a
/// second for pwsh, so compiled workloads use it.
/// </summary>
public sealed class DotnetWorkerLauncher(string dotnetHost, string workerAssembly) : IWorkerLauncher
{
    public string Host => dotnetHost;

    public string WorkerAssembly => workerAssembly;

    public string Description => $"{dotnetHost} {workerAssembly}";

    public ProcessStartInfo CreateStartInfo(WorkerArguments arguments)
    {
        var info = new ProcessStartInfo(dotnetHost) { UseShellExecute = false };
        info.ArgumentList.Add(workerAssembly);
        foreach (var a in arguments.ToArgs()) info.ArgumentList.Add(a);
        // Worker processes must not inherit tiered-compilation quirks of a test host; defaults are what users get.
        info.Environment.Remove("DOTNET_TieredCompilation");
        return info;
    }

    /// <summary>The worker next to the core assembly and a dotnet host to run it, or null when either is missing.</summary>
    public static DotnetWorkerLauncher? TryCreateDefault()
    {
        var folder = Path.GetDirectoryName(typeof(DotnetWorkerLauncher).Assembly.Location) ?? "";
        var worker = Path.Combine(folder, "ParallelCmdlets.Worker.dll");
        var host = FindDotnetHost();
        return File.Exists(worker) && host is not null ? new DotnetWorkerLauncher(host, worker) : null;
    }

    /// <summary>
    /// The dotnet host running us (as under `dotnet pwsh`), else DOTNET_ROOT, the usual install folders, PATH.
    /// A self-contained pwsh has none: then workers are hosted in pwsh instead.
    /// </summary>
    public static string? FindDotnetHost()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var candidates = new List<string?> { Environment.ProcessPath };
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root)) candidates.Add(Path.Combine(root, name));
        candidates.Add("/usr/share/dotnet/dotnet");
        candidates.Add("/usr/lib/dotnet/dotnet");
        candidates.Add("/usr/local/share/dotnet/dotnet");
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(Path.Combine(dir, name));
        return candidates.FirstOrDefault(c => c is not null && Path.GetFileName(c) == name && File.Exists(c));
    }
}

/// <summary>
/// Starts ParallelCmdlets.Worker.dll with the caller's PowerShell engine loaded in-process, for workloads that need
/// one (ScriptBlocks, ScriptLoop): the same engine and version as the caller, without what a pwsh process does first
/// (open a runspace of its own, import the module), which made a pool of two start in 1.6 s against 0.84 s for
/// one bare pwsh. The worker runs on the caller's own runtime version, which that engine was built for.
/// </summary>
public sealed class PowerShellWorkerLauncher(string dotnetHost, string workerAssembly, string runtimeVersion, string psHome, string moduleAssembly) : IWorkerLauncher
{
    public string Description => $"{dotnetHost} {workerAssembly} --powershell {psHome}";

    public ProcessStartInfo CreateStartInfo(WorkerArguments arguments)
    {
        var info = new ProcessStartInfo(dotnetHost) { UseShellExecute = false };
        // --fx-version: the worker is built for an older runtime and would roll forward to any; the engine needs this one.
        foreach (var a in new[] { "exec", "--fx-version", runtimeVersion, workerAssembly, "--powershell", psHome, "--module", moduleAssembly })
            info.ArgumentList.Add(a);
        foreach (var a in arguments.ToArgs()) info.ArgumentList.Add(a);
        // Profile-guided tiering stays on, as in pwsh: with the warm-up's pauses for the compiler (JitSettle) a worker
        // reaches its final code within the warm-up, and an empty ScriptBlock then took 39-54 µs a task on 2 workers
        // with it against 52-67 µs without.
        info.Environment.Remove("DOTNET_TieredCompilation");
        return info;
    }

    /// <summary>
    /// The launcher for the PowerShell engine whose System.Management.Automation.dll is at <paramref name="engineAssembly"/>,
    /// or null when this process's runtime cannot be started beside the worker (no dotnet host, or a self-contained
    /// pwsh whose runtime the host lacks, an engine outside a PowerShell installation): then workers are hosted in
    /// pwsh instead.
    /// </summary>
    public static PowerShellWorkerLauncher? TryCreate(string engineAssembly, string moduleAssembly)
    {
        if (DotnetWorkerLauncher.TryCreateDefault() is not { } dotnet) return null;
        var runtimeVersion = Environment.Version.ToString();
        var root = Path.GetDirectoryName(dotnet.Host)!;
        if (!Directory.Exists(Path.Combine(root, "shared", "Microsoft.NETCore.App", runtimeVersion))) return null;
        var psHome = Path.GetDirectoryName(engineAssembly);
        return psHome is null || !File.Exists(engineAssembly) || !File.Exists(moduleAssembly) || !HoldsWholeEngine(psHome)
            ? null
            : new PowerShellWorkerLauncher(dotnet.Host, dotnet.WorkerAssembly, runtimeVersion, psHome, moduleAssembly);
    }

    /// <summary>
    /// A PowerShell installation ($PSHOME) holds the engine and everything it loads in one folder, beside pwsh.dll.
    /// An application hosting the SDK spreads them over its own folders, which only its deps.json describes: its
    /// process workers stay pwsh's, as before.
    /// </summary>
    private static bool HoldsWholeEngine(string folder) => File.Exists(Path.Combine(folder, "pwsh.dll"));
}

/// <summary>
/// Hosts the same worker loop inside pwsh from the installation running the module, so workloads that need a
/// PowerShell engine (ScriptBlocks, ScriptLoop) get exactly the caller's PowerShell version.
/// </summary>
public sealed class PwshWorkerLauncher(string pwshPath, string workerScript, string moduleManifest) : IWorkerLauncher
{
    /// <summary>The script shipped in the module folder that imports the module and runs the worker loop.</summary>
    public const string WorkerScriptName = "ParallelCmdlets.Worker.ps1";

    public string Description => $"{pwshPath} -File {workerScript}";

    public ProcessStartInfo CreateStartInfo(WorkerArguments arguments)
    {
        // -File and plain arguments, never a -Command string: a path is then never parsed as code, so a quote in
        // it (PowerShell also takes ’ and ‘ for quotes) cannot end a string early. Bypass only for this process:
        // the shipped script is unsigned, and a policy such as AllSigned would refuse it on Windows.
        var info = new ProcessStartInfo(pwshPath) { UseShellExecute = false };
        foreach (var a in new[] { "-NoProfile", "-NoLogo", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File", workerScript, moduleManifest })
            info.ArgumentList.Add(a);
        foreach (var a in arguments.ToArgs()) info.ArgumentList.Add(a);
        UseOwnStartupCache(info, arguments.WorkerId);
        return info;
    }

    /// <summary>The variable the worker script restores XDG_CACHE_HOME from, once pwsh has started ("" when it was unset).</summary>
    public const string CallerCacheHomeVariable = "PARALLELCMDLETS_CALLER_XDG_CACHE_HOME";

    /// <summary>
    /// pwsh reads a startup profile from its cache folder as it starts and rewrites it as it exits; pwsh processes
    /// exiting together corrupt it, and the next pwsh to read it dies (PowerShell issue 26528). A pool's workers
    /// exit together, so each worker number has a cache folder of its own under the caller's, which keeps it warm
    /// from pool to pool and leaves the caller's own pwsh sessions alone. The worker script puts the caller's
    /// XDG_CACHE_HOME back once pwsh has started, so the user's code sees the caller's. Unix only: Windows pwsh
    /// keeps its cache under LOCALAPPDATA, which other programs read too.
    /// </summary>
    private static void UseOwnStartupCache(ProcessStartInfo info, int workerId)
    {
        if (OperatingSystem.IsWindows()) return;
        info.Environment["XDG_CACHE_HOME"] = Path.Combine(PwshCache.Home, "ParallelCmdlets", $"pwsh-worker-{workerId}");
        info.Environment[CallerCacheHomeVariable] = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? "";
    }
}

/// <summary>Where pwsh keeps its cache (its startup profile and module analysis), as pwsh finds it.</summary>
public static class PwshCache
{
    /// <summary>On Unix, the folder pwsh's own folder is in: XDG_CACHE_HOME, or ~/.cache when that is unset.</summary>
    public static string Home => Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } home ? home
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");

    /// <summary>pwsh's own cache folder.</summary>
    public static string Folder => OperatingSystem.IsWindows()
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "Microsoft", "PowerShell")
        : Path.Combine(Home, "powershell");

    /// <summary>The startup profile pwsh -NonInteractive reads as it starts and rewrites as it exits (multicore JIT).</summary>
    public static string NonInteractiveStartupProfile => Path.Combine(Folder, "StartupProfileData-NonInteractive");
}
