using System.Globalization;

namespace ParallelCmdlets.Bench;

/// <summary>What /proc says about this process: its children, open handles and peak memory.</summary>
internal static class ProcessProbe
{
    /// <summary>Ids of live (or unreaped) processes whose parent is this process.</summary>
    public static IReadOnlyList<int> Children()
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(dir, "status")))
                {
                    if (!line.StartsWith("PPid:", StringComparison.Ordinal)) continue;
                    if (line[5..].Trim() == self) children.Add(pid);
                    break;
                }
            }
            catch (IOException) { } // gone while we looked
            catch (UnauthorizedAccessException) { }
        }
        return children;
    }

    public static int OpenHandles() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    /// <summary>The pool's private folders (pcw-*) under the temp folder.</summary>
    public static IReadOnlySet<string> PoolFolders() =>
        Directory.EnumerateDirectories(Path.GetTempPath(), "pcw-*").ToHashSet(StringComparer.Ordinal);

    /// <summary>Resets the kernel's peak-RSS mark to the current RSS; false where that is not possible.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident bytes (VmHWM), or the runtime's peak working set where /proc has none.</summary>
    public static long PeakResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Replace("kB", "").Trim(), CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
