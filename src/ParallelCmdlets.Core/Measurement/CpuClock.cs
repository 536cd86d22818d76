using System.Diagnostics;
using static ParallelCmdlets.Native.NativeMethods;

namespace ParallelCmdlets.Measurement;

/// <summary>
/// CPU time at microsecond resolution or better. On Linux the per-thread and per-process clocks of
/// clock_gettime are read (the kernel's own run-time sums, not 10 ms ticks); elsewhere .NET's process times.
/// </summary>
public static class CpuClock
{
    private const string ThreadPoolThreadName = ".NET TP Worker";

    /// <summary>True where the per-thread clock exists; elsewhere thread figures are 0 and utilisation falls back to process time.</summary>
    public static bool HasThreadClock { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess && Probe();

    private static bool Probe()
    {
        try
        {
            return ClockGetTime(ClockThreadCpuTime, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>CPU seconds the calling thread has used. A vDSO-free system call of well under a microsecond.</summary>
    public static double ThreadSeconds() =>
        HasThreadClock && ClockGetTime(ClockThreadCpuTime, out var t) == 0 ? t.Seconds + t.Nanoseconds * 1e-9 : 0;

    /// <summary>CPU seconds this process has used, all threads, including threads that have ended.</summary>
    public static double ProcessSeconds()
    {
        if (HasThreadClock && ClockGetTime(ClockProcessCpuTime, out var t) == 0) return t.Seconds + t.Nanoseconds * 1e-9;
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>
    /// CPU seconds used so far by this process's .NET thread-pool threads, by thread id. Libraries that
    /// parallelise a call themselves (MathNet's Parallel.For) run there, so a task's nested parallel work
    /// is counted without counting the host's own threads (pwsh's pipeline, timers). Linux only; empty elsewhere.
    /// </summary>
    public static IReadOnlyDictionary<int, double> ThreadPoolSeconds()
    {
        var result = new Dictionary<int, double>();
        if (!OperatingSystem.IsLinux()) return result;
        string[] threads;
        try
        {
            threads = Directory.GetDirectories("/proc/self/task");
        }
        catch (IOException)
        {
            return result;
        }
        foreach (var folder in threads)
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(folder, "comm")).StartsWith(ThreadPoolThreadName, StringComparison.Ordinal)) continue;
                // schedstat: run time in nanoseconds, wait time, time slices.
                var schedstat = File.ReadAllText(Path.Combine(folder, "schedstat"));
                var nanoseconds = long.Parse(schedstat.AsSpan(0, schedstat.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture);
                result[int.Parse(Path.GetFileName(folder), System.Globalization.CultureInfo.InvariantCulture)] = nanoseconds * 1e-9;
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                // The thread ended while we looked: its time is lost, as it would be to any sampler.
            }
        }
        return result;
    }

    /// <summary>CPU the thread pool used between two readings; threads born in between count from zero.</summary>
    public static double ThreadPoolSecondsBetween(IReadOnlyDictionary<int, double> before, IReadOnlyDictionary<int, double> after) =>
        after.Sum(t => Math.Max(0, t.Value - before.GetValueOrDefault(t.Key)));

    /// <summary>
    /// CPU seconds of this process's children that have ended and been reaped (cutime + cstime of
    /// /proc/self/stat): how the pwsh processes Start-Job starts per task are counted. 0 off Linux.
    /// </summary>
    public static double ReapedChildrenSeconds()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[13], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[14], System.Globalization.CultureInfo.InvariantCulture)) / (double)ClockTicksPerSecond;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>USER_HZ: the unit of /proc's CPU counters, 100 on every Linux build that matters.</summary>
    private const int ClockTicksPerSecond = 100;
}
