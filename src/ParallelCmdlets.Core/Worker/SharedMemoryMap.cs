using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace ParallelCmdlets.Worker;

/// <summary>
/// A file-backed memory map that the parent and one worker slot both map: .NET on Linux has no named maps (a map
/// name throws PlatformNotSupportedException), so the name is a file in a private folder under /dev/shm (memory,
/// not disk). The parent creates the file (0600, its room reserved up front, so a full /dev/shm fails here with an
/// error instead of killing a process with SIGBUS on a later write); the worker opens the same file. Either side
/// reads and writes the mapping through a span: nothing is copied into a managed array.
/// </summary>
internal sealed unsafe class SharedMemoryMap : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;
    private byte* start;

    private SharedMemoryMap(string path, long capacity, MemoryMappedFile file)
    {
        Path = path;
        Capacity = capacity;
        this.file = file;
        view = file.CreateViewAccessor(0, capacity, MemoryMappedFileAccess.ReadWrite);
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        start += view.PointerOffset;
    }

    public string Path { get; }

    /// <summary>Bytes the map holds.</summary>
    public long Capacity { get; }

    /// <summary>How many doubles fit.</summary>
    public long CapacityDoubles => Capacity / sizeof(double);

    /// <summary>The parent's side: a new file (never an existing one) of <paramref name="capacity"/> bytes, mapped.</summary>
    public static SharedMemoryMap Create(string path, long capacity)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A map holds at least one byte.");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.ReadWrite,
            PreallocationSize = capacity,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerReadWrite;
        var stream = new FileStream(path, options);
        try
        {
            stream.SetLength(capacity);
            var file = MemoryMappedFile.CreateFromFile(stream, null, capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            return new SharedMemoryMap(path, capacity, file);
        }
        catch
        {
            stream.Dispose();
            TryDelete(path);
            throw;
        }
    }

    /// <summary>The worker's side: the parent's file, which must hold <paramref name="capacity"/> bytes.</summary>
    public static SharedMemoryMap Open(string path, long capacity)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        try
        {
            if (stream.Length < capacity)
                throw new InvalidDataException($"The shared map '{path}' holds {stream.Length:N0} bytes, not the {capacity:N0} announced.");
            var file = MemoryMappedFile.CreateFromFile(stream, null, capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            return new SharedMemoryMap(path, capacity, file);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The first <paramref name="count"/> doubles of the mapping, read and written in place.</summary>
    public Span<double> Doubles(long count)
    {
        ObjectDisposedException.ThrowIf(start == null, this);
        if (count < 0 || count > CapacityDoubles || count > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The map holds at most {CapacityDoubles:N0} doubles.");
        return new Span<double>(start, (int)count);
    }

    public void Dispose()
    {
        if (start != null)
        {
            start = null;
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
        view.Dispose();
        file.Dispose();
    }

    internal static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// The private folder (0700, a fresh random name, made atomically with mkdtemp) that holds one pool's maps: under
/// /dev/shm when it is there with room for them, else under the temp folder (the maps then live in the page cache
/// of a disk file). Removed with everything in it when the pool ends.
/// </summary>
internal static unsafe class SharedMemoryFolder
{
    /// <summary>Where Linux keeps files that live only in memory.</summary>
    public const string MemoryRoot = "/dev/shm";

    /// <summary>Name prefix of the folders, so tests and people can tell them apart.</summary>
    public const string Prefix = "pcm-";

    /// <summary>A new private folder for maps of <paramref name="bytesNeeded"/> bytes in all.</summary>
    public static string Create(long bytesNeeded, string? root = null)
    {
        root ??= ChooseRoot(bytesNeeded);
        RemoveOrphans(root);
        // The owner's pid in the name lets a later pool tell a folder whose owner is gone.
        var prefix = $"{Prefix}{Environment.ProcessId}-";
        string path;
        if (OperatingSystem.IsWindows() || root == System.IO.Path.GetTempPath().TrimEnd(System.IO.Path.DirectorySeparatorChar))
            path = Directory.CreateTempSubdirectory(prefix).FullName;
        else
        {
            var template = System.Text.Encoding.UTF8.GetBytes(System.IO.Path.Combine(root, prefix + "XXXXXX") + "\0");
            fixed (byte* t = template)
            {
                if (Native.NativeMethods.MakeTempFolder(t) == IntPtr.Zero)
                    throw new IOException($"Could not make a private folder under '{root}' for shared memory (errno {Marshal.GetLastPInvokeError()}).");
            }
            path = System.Text.Encoding.UTF8.GetString(template, 0, template.Length - 1);
        }
        // mkdtemp makes it 0700 and ours; the check also refuses anything that is not (a link planted in a race).
        PrivateFolder.Check(path);
        return path;
    }

    /// <summary>/dev/shm when it exists and has the room (with a quarter to spare), else the temp folder.</summary>
    public static string ChooseRoot(long bytesNeeded)
    {
        if (!OperatingSystem.IsWindows() && Directory.Exists(MemoryRoot))
        {
            try
            {
                if (new DriveInfo(MemoryRoot).AvailableFreeSpace >= bytesNeeded + bytesNeeded / 4) return MemoryRoot;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // Unreadable: fall back to the temp folder, which always works.
            }
        }
        return System.IO.Path.GetTempPath().TrimEnd(System.IO.Path.DirectorySeparatorChar);
    }

    /// <summary>
    /// Removes the folders of pools whose process is gone. A pool killed outright (SIGKILL) cannot remove its own,
    /// and its workers can only when they were told where it is, so a kill during start-up would otherwise leave
    /// one in memory until reboot. Folders of live processes, of other users and without a pid are left alone.
    /// </summary>
    public static void RemoveOrphans(string root)
    {
        IEnumerable<string> folders;
        try { folders = Directory.EnumerateDirectories(root, Prefix + "*").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        foreach (var folder in folders)
        {
            var name = System.IO.Path.GetFileName(folder);
            var dash = name.IndexOf('-', Prefix.Length);
            if (dash < 0 || !int.TryParse(name.AsSpan(Prefix.Length, dash - Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var owner)) continue;
            if (owner == Environment.ProcessId || ProcessExists(owner)) continue;
            Remove(folder);
        }
    }

    private static bool ProcessExists(int processId)
    {
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{processId}");
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Removes the folder and its maps; a map still mapped by a worker stays valid for it until unmapped.</summary>
    public static void Remove(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the folder is private, and the caller has no way to remove it either.
        }
    }
}

/// <summary>The maps of one worker slot, as the parent tells the worker in Setup: where they are and how big.</summary>
internal sealed record SlotMapPaths(string InputPath, long InputBytes, string OutputPath, long OutputBytes);

/// <summary>The parent's maps of one slot: the argument goes into Input, the worker writes its result into Output.</summary>
internal sealed class SlotMaps(SharedMemoryMap input, SharedMemoryMap output) : IDisposable
{
    public SharedMemoryMap Input { get; } = input;
    public SharedMemoryMap Output { get; } = output;
    public SlotMapPaths Paths => new(Input.Path, Input.Capacity, Output.Path, Output.Capacity);

    public static SlotMaps Create(string folder, int slot, long inputBytes, long outputBytes)
    {
        var input = SharedMemoryMap.Create(System.IO.Path.Combine(folder, $"s{slot}.in"), inputBytes);
        try
        {
            return new SlotMaps(input, SharedMemoryMap.Create(System.IO.Path.Combine(folder, $"s{slot}.out"), outputBytes));
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Input.Dispose();
        Output.Dispose();
    }
}
