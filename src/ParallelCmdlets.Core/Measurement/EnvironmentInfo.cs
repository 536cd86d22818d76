using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace ParallelCmdlets;

/// <summary>
/// The machine and runtimes a result was measured on, as BenchmarkDotNet's host section: without it two
/// result files cannot be compared honestly.
/// </summary>
public sealed class EnvironmentInfo
{
    public string OperatingSystem { get; init; } = "";
    public string Kernel { get; init; } = "";
    public string Architecture { get; init; } = "";
    public string CpuModel { get; init; } = "";
    public int LogicalCores { get; init; }

    /// <summary>Cores this process may run on (its affinity), which may be fewer than the machine has.</summary>
    public int AffinityCores { get; init; }
    public long MemoryBytes { get; init; }
    public string Runtime { get; init; } = "";

    /// <summary>The runtime of the worker processes, when any ran.</summary>
    public string WorkerRuntime { get; init; } = "";
    public string PowerShellVersion { get; init; } = "";
    public string ModuleVersion { get; init; } = "";

    /// <summary>This process's garbage collector (the in-process strategies run under it, non-concurrent during runs).</summary>
    public string GcMode { get; init; } = "";
    public string WorkerGcMode { get; init; } = "";

    /// <summary>Heap limit the runtime works within (its view of available memory).</summary>
    public long HeapLimitBytes { get; init; }
    public double TimerFrequency { get; init; }
    public DateTime MeasuredUtc { get; init; }

    /// <summary>One line, kept by Export-Csv.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{OperatingSystem} ({Kernel}) {Architecture}; {CpuModel}; {LogicalCores} cores ({AffinityCores} usable); {MemoryBytes / (double)(1L << 30):0.0} GB; " +
        $"{Runtime}{(WorkerRuntime.Length > 0 && WorkerRuntime != Runtime ? $", workers {WorkerRuntime}" : "")}; " +
        $"PowerShell {(PowerShellVersion.Length > 0 ? PowerShellVersion : "none")}; ParallelCmdlets {ModuleVersion}; " +
        $"GC {GcMode} (non-concurrent during runs){(WorkerGcMode.Length > 0 ? $", workers {WorkerGcMode}" : "")}; timer {TimerFrequency / 1e6:0.###} MHz; {MeasuredUtc:yyyy-MM-dd HH:mm} UTC");

    public override string ToString() => Summary;

    /// <summary>This process's environment now, with what the workers reported of theirs.</summary>
    public static EnvironmentInfo Capture(string powerShellVersion, string workerRuntime, string workerGcMode) => new()
    {
        OperatingSystem = RuntimeInformation.OSDescription,
        Kernel = ReadKernel(),
        Architecture = RuntimeInformation.ProcessArchitecture.ToString(),
        CpuModel = ReadCpuModel(),
        LogicalCores = System.Environment.ProcessorCount,
        AffinityCores = CountAffinity(),
        MemoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        Runtime = RuntimeInformation.FrameworkDescription,
        WorkerRuntime = workerRuntime,
        PowerShellVersion = powerShellVersion,
        ModuleVersion = typeof(EnvironmentInfo).Assembly.GetName().Version?.ToString(3) ?? "",
        GcMode = GcDescription.Current(),
        WorkerGcMode = workerGcMode,
        HeapLimitBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        TimerFrequency = Stopwatch.Frequency,
        MeasuredUtc = DateTime.UtcNow,
    };

    private static string ReadKernel()
    {
        try
        {
            if (File.Exists("/proc/sys/kernel/osrelease")) return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException) { }
        return System.Environment.OSVersion.VersionString;
    }

    private static string ReadCpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
            }
        }
        catch (IOException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static int CountAffinity()
    {
        try
        {
            if (System.OperatingSystem.IsLinux() || System.OperatingSystem.IsWindows())
            {
                using var self = Process.GetCurrentProcess();
                return Math.Min(System.Environment.ProcessorCount, System.Numerics.BitOperations.PopCount((ulong)self.ProcessorAffinity));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException or System.ComponentModel.Win32Exception) { }
        return System.Environment.ProcessorCount;
    }
}

/// <summary>How a process's garbage collector runs, in words both the parent and the workers use.</summary>
public static class GcDescription
{
    /// <summary>
    /// For example "workstation, non-concurrent". Batch latency is what a non-concurrent GC reports, and what
    /// the in-process strategies run under, so the same words mean the same collector everywhere.
    /// </summary>
    public static string Current()
    {
        var mode = $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {(GCSettings.LatencyMode == GCLatencyMode.Batch ? "non-concurrent" : "concurrent")}";
        // A hard heap limit (DOTNET_GCHeapHardLimit, a container's) changes how often the GC runs: part of the mode.
        var limit = Convert.ToUInt64(AppContext.GetData("GCHeapHardLimit") ?? 0UL, CultureInfo.InvariantCulture);
        return limit > 0 ? string.Create(CultureInfo.InvariantCulture, $"{mode}, heap limit {limit / (double)(1L << 20):0} MB") : mode;
    }
}
