using System.Runtime.InteropServices;
using ParallelCmdlets.Native;

namespace ParallelCmdlets;

/// <summary>A folder that failed the checks of <see cref="PrivateFolder"/>; its message says what to do.</summary>
public sealed class UnsafeFolderException(string folderPath, string message) : IOException(message)
{
    public string FolderPath { get; } = folderPath;
}

/// <summary>
/// Folders that only the current user may enter (0700): sockets and cached data live in them. An existing folder
/// is trusted only when it is a real folder (not a symbolic link), owned by this user, and writable by no one else;
/// a folder others may merely read is tightened to 0700, since nobody else can have changed what is in it.
/// </summary>
internal static class PrivateFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode WritableByOthers = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Creates the folder (0700) if nothing is there, then checks it: see <see cref="Check"/>.</summary>
    /// <param name="otherwise">A last sentence for the refusal: what else the user can do.</param>
    public static string Create(string path, string? otherwise = null)
    {
        if (!Exists(path))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
            else Directory.CreateDirectory(path, OwnerOnly);
        }
        Check(path, otherwise);
        return path;
    }

    /// <summary>
    /// Throws <see cref="UnsafeFolderException"/> unless the folder is a real folder of this user's that no one else
    /// can write to; tightens it to 0700 when others could only read it. Never follows a link at <paramref name="path"/>.
    /// </summary>
    public static void Check(string path, string? otherwise = null)
    {
        if (IsLink(path))
            throw Unsafe(path, "is a symbolic link, which could lead anywhere", otherwise);
        if (!Directory.Exists(path))
            throw Unsafe(path, Path.Exists(path) ? "is a file, not a folder" : "does not exist", otherwise);
        if (OperatingSystem.IsWindows()) return; // the user's own profile folders are private there
        var status = UnixStatus.TryRead(path);
        if (status is { } s)
        {
            var self = UnixStatus.EffectiveUserId;
            if (s.IsLink) throw Unsafe(path, "is a symbolic link, which could lead anywhere", otherwise);
            if (s.OwnerId != self)
                throw Unsafe(path, $"belongs to user id {s.OwnerId}, not to you (user id {self})", otherwise);
            if ((s.Mode & WritableByOthers) != 0)
                throw Unsafe(path, $"can be written by other users (mode {Octal(s.Mode)}), so what is in it cannot be trusted", otherwise);
            if (s.Mode != OwnerOnly) File.SetUnixFileMode(path, OwnerOnly);
            return;
        }
        // Without statx (not Linux, or blocked): only the owner may chmod (root aside), so chmod doubles as the owner check.
        var mode = File.GetUnixFileMode(path);
        if ((mode & WritableByOthers) != 0)
            throw Unsafe(path, $"can be written by other users (mode {Octal(mode)}), so what is in it cannot be trusted", otherwise);
        try { File.SetUnixFileMode(path, OwnerOnly); }
        catch (UnauthorizedAccessException) { throw Unsafe(path, "belongs to another user", otherwise); }
    }

    /// <summary>A fresh folder with a random name under the user's temp folder, made 0700 atomically (mkdtemp).</summary>
    public static string CreateTemporary(string prefix) =>
        // Kept short: a Unix socket path inside it must stay under 108 bytes.
        Directory.CreateTempSubdirectory(prefix + "-").FullName;

    /// <summary>Whether anything is at <paramref name="path"/>, a link to nowhere included.</summary>
    public static bool Exists(string path) => Path.Exists(path) || IsLink(path);

    /// <summary>Whether <paramref name="path"/> itself is a link (lstat semantics: the link is not followed).</summary>
    public static bool IsLink(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return true;
        // A missing path reads as having every attribute, so ask only about something that is there.
        return (info.Exists || Directory.Exists(path)) && info.Attributes.HasFlag(FileAttributes.ReparsePoint);
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static UnsafeFolderException Unsafe(string path, string problem, string? otherwise) => new(path,
        $"The folder '{path}' {problem}. ParallelCmdlets uses only folders of yours that no one else can write to, so it " +
        "read nothing from this one. Delete it (or the link) if nothing in it is yours, then run the command again." +
        (otherwise is null ? "" : " " + otherwise));
}

/// <summary>
/// The owner, mode and type of a path without following a link, read with Linux's statx(2). .NET has no API
/// for a file's owner; statx is used rather than lstat because struct statx has one layout on every
/// architecture (struct stat differs between x64, arm64 and 32-bit), so the offsets of
/// <see cref="NativeMethods.StatxBuffer"/> hold everywhere.
/// Not glibc's __lxstat (gone from its API since 2.33, absent from musl), nor .NET's internal System.Native
/// shim, whose struct may change with any runtime. Verified on Linux x64 against stat(1) and a symlink.
/// </summary>
internal readonly record struct UnixStatus(uint OwnerId, UnixFileMode Mode, bool IsLink)
{
    private const int AtCurrentFolder = -100;            // AT_FDCWD
    private const int DoNotFollowLinks = 0x100;          // AT_SYMLINK_NOFOLLOW
    private const uint WantTypeModeAndOwner = 0x1 | 0x2 | 0x8; // STATX_TYPE | STATX_MODE | STATX_UID
    private const ushort TypeMask = 0xF000;              // S_IFMT
    private const ushort LinkType = 0xA000;              // S_IFLNK

    public static uint EffectiveUserId => NativeMethods.GetEffectiveUserId();

    /// <summary>Null where statx is missing (not Linux, or a C library older than glibc 2.28).</summary>
    public static UnixStatus? TryRead(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        int result;
        NativeMethods.StatxBuffer buffer;
        try { result = NativeMethods.Statx(AtCurrentFolder, path, DoNotFollowLinks, WantTypeModeAndOwner, out buffer); }
        catch (EntryPointNotFoundException) { return null; }
        if (result != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error is 38 or 1) return null; // ENOSYS, or EPERM from an old container profile that blocks statx
            throw new IOException($"Could not read the owner of '{path}' (errno {error}).");
        }
        if ((buffer.Mask & WantTypeModeAndOwner) != WantTypeModeAndOwner) return null;
        return new UnixStatus(buffer.OwnerId, (UnixFileMode)(buffer.Mode & 0xFFF), (buffer.Mode & TypeMask) == LinkType);
    }
}
