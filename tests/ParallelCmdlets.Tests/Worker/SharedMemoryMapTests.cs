using System.Runtime.Versioning;
using ParallelCmdlets.Worker;

namespace ParallelCmdlets.Tests.Worker;

[UnsupportedOSPlatform("windows")] // every test skips there: Unix modes and /dev/shm
public sealed class SharedMemoryMapTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string folder;

    // Made in the constructor only where the tests run: Skip works inside a test, not before it.
    public SharedMemoryMapTests() => folder = OperatingSystem.IsWindows() ? "" : SharedMemoryFolder.Create(1 << 20);

    public void Dispose()
    {
        if (folder.Length > 0) SharedMemoryFolder.Remove(folder);
    }

    private static void UnixOnly() => Skip.If(OperatingSystem.IsWindows(), "Unix file modes only");

    [SkippableFact]
    public void What_one_side_writes_through_its_span_the_other_reads_through_its_own_mapping_of_the_file()
    {
        UnixOnly();
        var path = Path.Combine(folder, "round-trip");
        using var parent = SharedMemoryMap.Create(path, 1000 * sizeof(double));
        using var worker = SharedMemoryMap.Open(path, 1000 * sizeof(double));
        var values = Enumerable.Range(0, 1000).Select(i => i * 0.25).ToArray();

        values.CopyTo(parent.Doubles(1000));
        var seen = worker.Doubles(1000);
        for (var i = 0; i < seen.Length; i++) seen[i] *= 2;

        Assert.Equal(values.Select(v => v * 2), parent.Doubles(1000).ToArray());
    }

    [SkippableFact]
    public void The_folder_lives_under_dev_shm_for_this_user_alone_and_each_map_file_is_the_owners_alone()
    {
        UnixOnly();
        Skip.IfNot(Directory.Exists(SharedMemoryFolder.MemoryRoot), "this machine has no /dev/shm");
        using var map = SharedMemoryMap.Create(Path.Combine(folder, "private"), 4096);

        Assert.Equal(SharedMemoryFolder.MemoryRoot, Path.GetDirectoryName(folder));
        Assert.StartsWith(SharedMemoryFolder.Prefix, Path.GetFileName(folder));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(folder));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(map.Path));
        Assert.Equal(4096, new FileInfo(map.Path).Length);
    }

    [SkippableFact]
    public void Removing_the_folder_removes_its_maps_and_a_mapping_still_open_stays_readable()
    {
        UnixOnly();
        var path = Path.Combine(folder, "removed");
        using var map = SharedMemoryMap.Create(path, 64);
        map.Doubles(8).Fill(3);

        SharedMemoryFolder.Remove(folder);

        Assert.False(Directory.Exists(folder));
        Assert.False(File.Exists(path));
        Assert.All(map.Doubles(8).ToArray(), v => Assert.Equal(3, v));
    }

    [SkippableFact]
    public void A_map_never_takes_over_a_file_already_there()
    {
        UnixOnly();
        var path = Path.Combine(folder, "planted");
        File.WriteAllText(path, "someone else's");

        Assert.Throws<IOException>(() => SharedMemoryMap.Create(path, 64));
        Assert.Equal("someone else's", File.ReadAllText(path));
    }

    [SkippableFact]
    public void A_worker_refuses_a_file_smaller_than_announced()
    {
        UnixOnly();
        var path = Path.Combine(folder, "short");
        using var map = SharedMemoryMap.Create(path, 64);

        Assert.Throws<InvalidDataException>(() => SharedMemoryMap.Open(path, 128));
    }

    [SkippableFact]
    public void A_span_cannot_reach_past_the_map()
    {
        UnixOnly();
        using var map = SharedMemoryMap.Create(Path.Combine(folder, "bounded"), 10 * sizeof(double));

        Assert.Equal(10, map.CapacityDoubles);
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Doubles(11));
    }

    [SkippableFact]
    public void Without_room_in_dev_shm_the_maps_go_to_the_temp_folder()
    {
        UnixOnly();
        Assert.Equal(Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar), SharedMemoryFolder.ChooseRoot(long.MaxValue / 2));
    }

    [SkippableFact]
    public void Two_folders_never_share_a_name()
    {
        UnixOnly();
        var other = SharedMemoryFolder.Create(1 << 20);
        try
        {
            Assert.NotEqual(folder, other);
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(other));
        }
        finally
        {
            SharedMemoryFolder.Remove(other);
        }
    }

    [SkippableFact]
    public void A_new_pool_removes_the_folder_of_a_pool_whose_process_is_gone_and_keeps_those_of_live_ones()
    {
        UnixOnly();
        var root = Path.GetDirectoryName(folder)!;
        using var ended = System.Diagnostics.Process.Start("true")!;
        ended.WaitForExit();
        using var alive = System.Diagnostics.Process.Start("sleep", "30")!;
        var orphan = Directory.CreateDirectory(Path.Combine(root, $"{SharedMemoryFolder.Prefix}{ended.Id}-orphan"), OwnerOnly).FullName;
        var kept = Directory.CreateDirectory(Path.Combine(root, $"{SharedMemoryFolder.Prefix}{alive.Id}-inuse"), OwnerOnly).FullName;
        File.WriteAllBytes(Path.Combine(orphan, "s1.in"), new byte[64]);
        string? made = null;
        try
        {
            made = SharedMemoryFolder.Create(1 << 20, root);

            Assert.False(Directory.Exists(orphan), $"{orphan} outlived its pool's process");
            Assert.True(Directory.Exists(kept), "a live pool's folder was removed");
            Assert.StartsWith($"{SharedMemoryFolder.Prefix}{Environment.ProcessId}-", Path.GetFileName(made));
        }
        finally
        {
            alive.Kill();
            foreach (var path in new[] { orphan, kept, made }) if (path is not null) SharedMemoryFolder.Remove(path);
        }
    }
}
