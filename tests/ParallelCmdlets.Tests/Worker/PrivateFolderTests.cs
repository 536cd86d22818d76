using System.Runtime.Versioning;

namespace ParallelCmdlets.Tests.Worker;

[UnsupportedOSPlatform("windows")] // every test skips there: Unix owners and modes
public sealed class PrivateFolderTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string root = Directory.CreateTempSubdirectory("pc-private-test-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static void UnixOnly() => Skip.If(OperatingSystem.IsWindows(), "Unix owners and modes only");

    [SkippableFact]
    public void A_missing_folder_is_created_for_its_owner_alone()
    {
        UnixOnly();
        var path = Path.Combine(root, "new");

        PrivateFolder.Create(path);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
    }

    [SkippableFact]
    public void A_symbolic_link_is_refused_and_its_target_left_alone()
    {
        UnixOnly();
        var target = Directory.CreateDirectory(Path.Combine(root, "target"));
        File.SetUnixFileMode(target.FullName, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var link = Path.Combine(root, "link");
        Directory.CreateSymbolicLink(link, target.FullName);

        var refusal = Assert.Throws<UnsafeFolderException>(() => PrivateFolder.Create(link));

        Assert.Contains("is a symbolic link", refusal.Message);
        Assert.Contains("Delete it (or the link)", refusal.Message);
        Assert.Equal(link, refusal.FolderPath);
        Assert.Equal(UnixFileMode.OtherRead, File.GetUnixFileMode(target.FullName) & UnixFileMode.OtherRead);
    }

    [SkippableFact]
    public void A_link_to_nowhere_is_refused_rather_than_created_through()
    {
        UnixOnly();
        var link = Path.Combine(root, "dangling");
        Directory.CreateSymbolicLink(link, Path.Combine(root, "not-there"));

        Assert.Throws<UnsafeFolderException>(() => PrivateFolder.Create(link));
        Assert.False(Directory.Exists(Path.Combine(root, "not-there")));
    }

    [SkippableFact]
    public void A_folder_of_ours_that_others_can_only_read_is_tightened_to_0700()
    {
        UnixOnly();
        // Nobody else could have changed what is in it, so it is fixed rather than refused.
        var path = Directory.CreateDirectory(Path.Combine(root, "readable")).FullName;
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        PrivateFolder.Create(path);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
    }

    [SkippableFact]
    public void A_folder_others_can_write_to_is_refused_and_left_as_it_is()
    {
        UnixOnly();
        // Anyone could have planted files in it: tightening the mode now would not make them ours.
        var path = Directory.CreateDirectory(Path.Combine(root, "shared")).FullName;
        var everyone = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                       UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(path, everyone);

        var refusal = Assert.Throws<UnsafeFolderException>(() => PrivateFolder.Create(path));

        Assert.Contains("can be written by other users (mode 0777)", refusal.Message);
        Assert.Equal(everyone, File.GetUnixFileMode(path));
    }

    [SkippableFact]
    public void A_folder_owned_by_another_user_is_refused_even_with_mode_0700()
    {
        UnixOnly();
        Skip.IfNot(TestFolders.IsRoot, "only root can give a folder to another user");
        var path = Directory.CreateDirectory(Path.Combine(root, "theirs")).FullName;
        File.SetUnixFileMode(path, OwnerOnly);
        TestFolders.GiveTo(path, TestFolders.Nobody);

        var refusal = Assert.Throws<UnsafeFolderException>(() => PrivateFolder.Create(path));

        Assert.Contains($"belongs to user id {TestFolders.Nobody}, not to you (user id 0)", refusal.Message);
    }

    [SkippableFact]
    public void Temporary_folders_are_fresh_private_and_short()
    {
        UnixOnly();
        var first = PrivateFolder.CreateTemporary("pct");
        var second = PrivateFolder.CreateTemporary("pct");
        try
        {
            Assert.NotEqual(first, second);
            Assert.StartsWith(Path.Combine(Path.GetTempPath(), "pct-"), first);
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(first));
            Assert.True(Path.GetFileName(first).Length <= 16, first);
        }
        finally
        {
            Directory.Delete(first);
            Directory.Delete(second);
        }
    }
}
