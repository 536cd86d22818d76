using System.Management.Automation;
using ParallelCmdlets.Executors;

namespace ParallelCmdlets.Commands;

/// <summary>How a command's worker processes are started, from the workload and where this module was loaded from.</summary>
internal static class WorkerLauncherChoice
{
    /// <summary>The folder this module was loaded from: its manifest and the pwsh worker's script sit there.</summary>
    private static string ModuleFolder => Path.GetDirectoryName(typeof(WorkloadCommandBase).Assembly.Location)!;

    /// <summary>The module's manifest: workers hosted in pwsh and Start-Job tasks that call a compiled workload import it.</summary>
    private static string ModuleManifestPath => Path.Combine(ModuleFolder, "ParallelCmdlets.psd1");

    /// <summary>
    /// Compiled workloads run in the small .NET worker; PowerShell ones in the same worker with this session's
    /// engine loaded in it, or, where the dotnet host cannot run this runtime (a self-contained pwsh), the same
    /// loop inside pwsh from this very installation.
    /// </summary>
    public static IWorkerLauncher For(WorkloadInfo info)
    {
        if (!info.RequiresPowerShell && DotnetWorkerLauncher.TryCreateDefault() is { } dotnet) return dotnet;
        var engine = typeof(PSObject).Assembly.Location;
        if (info.RequiresPowerShell && PowerShellWorkerLauncher.TryCreate(engine, typeof(WorkloadCommandBase).Assembly.Location) is { } hosted)
            return hosted;
        var pwsh = Path.Combine(Path.GetDirectoryName(engine)!, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        return new PwshWorkerLauncher(pwsh, Path.Combine(ModuleFolder, PwshWorkerLauncher.WorkerScriptName), ModuleManifestPath);
    }
}
