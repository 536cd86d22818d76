namespace ParallelCmdlets;

/// <summary>Folders that only the current user may enter (0700): sockets and cached data live in them.</summary>
internal static class PrivateFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }
        Directory.CreateDirectory(path, OwnerOnly);
        // CreateDirectory leaves an existing folder's mode alone; make sure it is ours alone.
        File.SetUnixFileMode(path, OwnerOnly);
        return path;
    }

    /// <summary>A fresh folder with a random name under the user's temp folder.</summary>
    public static string CreateTemporary(string prefix)
    {
        // Kept short: a Unix socket path inside it must stay under 108 bytes.
        return Create(Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]));
    }
}
