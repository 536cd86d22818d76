using System.Runtime.Versioning;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Workloads;

/// <summary>The Csv workload's cache is in the user's cache folder, and a cache someone else planted is never read.</summary>
[UnsupportedOSPlatform("windows")] // every test skips there: XDG_CACHE_HOME and Unix owners
public class CsvCacheTests
{
    private const string Garbage = "this is not the CSV the workload writes\n";

    private static void LinuxOnly() => Skip.IfNot(OperatingSystem.IsLinux(), "the XDG cache folder is Linux's");

    [SkippableFact]
    public void The_cache_is_in_XDG_CACHE_HOME_and_private()
    {
        LinuxOnly();
        using var cacheHome = new TemporaryCacheHome();
        using var workload = new CsvWorkload(new WorkloadSpec("Csv", 20, 1));

        workload.PrepareShared();

        Assert.Equal(Path.Combine(cacheHome.Path, "ParallelCmdlets", "csv"), CsvWorkload.CacheRoot);
        Assert.True(File.Exists(Path.Combine(workload.Folder, ".complete")));
        foreach (var folder in new[] { Path.Combine(cacheHome.Path, "ParallelCmdlets"), CsvWorkload.CacheRoot, workload.Folder })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
    }

    [SkippableTheory]
    [InlineData("a link to someone else's folder")]
    [InlineData("a folder owned by another user")]
    [InlineData("a folder anyone can write to")]
    public void A_planted_cache_is_refused_with_what_to_do_and_nothing_in_it_is_read(string planted)
    {
        LinuxOnly();
        Skip.If(planted.Contains("another user") && !TestFolders.IsRoot, "only root can give a folder to another user");
        using var cacheHome = new TemporaryCacheHome();
        var elsewhere = Directory.CreateDirectory(Path.Combine(cacheHome.Path, "elsewhere")).FullName;
        var cacheRoot = Path.Combine(cacheHome.Path, "ParallelCmdlets", "csv");
        Directory.CreateDirectory(Path.GetDirectoryName(cacheRoot)!);
        // A complete-looking cache for size 20 whose files are not the workload's: reading any would be a failure.
        var plantedFolder = planted.Contains("link") ? elsewhere : cacheRoot;
        Directory.CreateDirectory(Path.Combine(plantedFolder, "20"));
        File.WriteAllText(Path.Combine(plantedFolder, "20", ".complete"), "");
        for (var f = 0; f < CsvWorkload.FileCount; f++) File.WriteAllText(Path.Combine(plantedFolder, "20", $"data-{f:00}.csv"), Garbage);
        if (planted.Contains("link")) Directory.CreateSymbolicLink(cacheRoot, elsewhere);
        if (planted.Contains("another user")) TestFolders.GiveTo(cacheRoot, TestFolders.Nobody);
        if (planted.Contains("anyone")) File.SetUnixFileMode(cacheRoot, (UnixFileMode)0b111_111_111);

        using var workload = new CsvWorkload(new WorkloadSpec("Csv", 20, 1));
        var refusal = Assert.Throws<UnsafeFolderException>(workload.PrepareShared);

        Assert.Equal(cacheRoot, refusal.FolderPath);
        Assert.Contains("read nothing from this one", refusal.Message);
        Assert.Contains("Delete it (or the link)", refusal.Message);
        Assert.Contains("XDG_CACHE_HOME", refusal.Message);
        // Nothing was replaced either: the planted files are as they were.
        Assert.All(Directory.GetFiles(Path.Combine(plantedFolder, "20"), "*.csv"), file => Assert.Equal(Garbage, File.ReadAllText(file)));
    }

    [SkippableFact]
    public void Clearing_a_cache_that_is_a_link_removes_the_link_and_not_what_it_leads_to()
    {
        LinuxOnly();
        using var cacheHome = new TemporaryCacheHome();
        var elsewhere = Directory.CreateDirectory(Path.Combine(cacheHome.Path, "elsewhere")).FullName;
        File.WriteAllText(Path.Combine(elsewhere, "keep.txt"), "not the cache's");
        Directory.CreateDirectory(Path.Combine(cacheHome.Path, "ParallelCmdlets"));
        Directory.CreateSymbolicLink(CsvWorkload.CacheRoot, elsewhere);

        CsvWorkload.ClearCache();

        Assert.False(PrivateFolder.Exists(CsvWorkload.CacheRoot));
        Assert.True(File.Exists(Path.Combine(elsewhere, "keep.txt")));
    }
}
