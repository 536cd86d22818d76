using System.Diagnostics;
using System.Globalization;

namespace ParallelCmdlets.Executors;

/// <summary>
/// The socket file every pwsh makes in the temp folder for Enter-PSHostProcess (on Unix,
/// CoreFxPipe_PSHost.&lt;start time&gt;.&lt;pid&gt;.None.pwsh). pwsh deletes its own when it exits cleanly; one that
/// was killed cannot, so the pool removes the file of each worker it ended, named by that worker's pid and start.
/// </summary>
internal static class PowerShellHostPipe
{
    private const string Prefix = "CoreFxPipe_PSHost.";

    /// <summary>The file name's start up to the pid, as PowerShell builds it: 8 hex digits of the start time, then the pid.</summary>
    public static string NamePrefix(int processId, DateTime startTime) =>
        Prefix + StartField(startTime).ToString("X8", CultureInfo.InvariantCulture) + "." + processId.ToString(CultureInfo.InvariantCulture) + ".";

    /// <summary>PowerShell keeps hex digits 2 to 9 of the start's file time: units of about 1.7 s.</summary>
    private static long StartField(DateTime startTime) =>
        long.Parse(startTime.ToFileTime().ToString("X8", CultureInfo.InvariantCulture).AsSpan(1, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether a file is this process's socket. The start field may differ by one unit when the two processes
    /// read the start time on either side of a unit's edge; a live process never shares the pid.
    /// </summary>
    public static bool IsSocketOf(string fileName, int processId, DateTime startTime)
    {
        var parts = fileName.Split('.');
        return fileName.StartsWith(Prefix, StringComparison.Ordinal) && parts.Length >= 3
            && parts[2] == processId.ToString(CultureInfo.InvariantCulture)
            && long.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var field)
            && Math.Abs(field - StartField(startTime)) <= 1;
    }

    /// <summary>When the process started, for <see cref="NamePrefix"/>; null when it cannot be read (then nothing is removed).</summary>
    public static DateTime? StartTimeOf(Process process)
    {
        try
        {
            return process.StartTime;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Removes the sockets left by a pwsh that has ended and whose start time was not read in time (a process
    /// PowerShell itself started and ended, such as a job's): files with its pid made since <paramref name="sinceUtc"/>,
    /// while no process has that pid, so an older file of a reused pid or a live process's is never taken.
    /// </summary>
    public static void RemoveLeftSince(int processId, DateTime sinceUtc, string? folder = null)
    {
        if (OperatingSystem.IsWindows() || IsRunning(processId)) return;
        try
        {
            var pattern = Prefix + "*." + processId.ToString(CultureInfo.InvariantCulture) + ".*";
            foreach (var file in Directory.EnumerateFiles(folder ?? Path.GetTempPath(), pattern))
                if (File.GetLastWriteTimeUtc(file) >= sinceUtc) File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Someone else's folder rules: the file stays, as it would have anyway.
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Removes the ended process's socket file, if it left one; on Windows a pipe is not a file and nothing is left.</summary>
    public static void RemoveLeftBy(int processId, DateTime? startTime, string? folder = null)
    {
        if (OperatingSystem.IsWindows() || startTime is not { } start) return;
        try
        {
            var pattern = Prefix + "*." + processId.ToString(CultureInfo.InvariantCulture) + ".*";
            foreach (var file in Directory.EnumerateFiles(folder ?? Path.GetTempPath(), pattern))
                if (IsSocketOf(Path.GetFileName(file), processId, start)) File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Someone else's folder rules: the file stays, as it would have anyway.
        }
    }
}
