using System.Runtime.InteropServices;

namespace ParallelCmdlets.Tests;

/// <summary>Folders the privacy tests plant: owned by someone else, linked elsewhere, or a cache home of their own.</summary>
internal static class TestFolders
{
    public const uint Nobody = 65534;

    public static bool IsRoot => !OperatingSystem.IsWindows() && geteuid() == 0;

    /// <summary>Gives <paramref name="path"/> to another user: only root may, which the tests run as.</summary>
    public static void GiveTo(string path, uint userId)
    {
        if (chown(path, userId, userId) != 0)
            throw new IOException($"chown {userId} '{path}' failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);

    [DllImport("libc")]
    private static extern uint geteuid();
}

/// <summary>Points XDG_CACHE_HOME at a fresh folder for one test, so the Csv cache under test is not the user's.</summary>
internal sealed class TemporaryCacheHome : IDisposable
{
    private readonly string? previous = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");

    public TemporaryCacheHome()
    {
        Path = Directory.CreateTempSubdirectory("pc-cache-home-").FullName;
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", previous);
        Directory.Delete(Path, recursive: true);
    }
}
