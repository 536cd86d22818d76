using System.Globalization;
using nietras.SeparatedValues;

namespace ParallelCmdlets.Workloads;

/// <summary>
/// The article's load_csv: each task parses one of a folder of equally sized CSV files into typed columns.
/// Parsing uses Sep: it is the fastest managed CSV reader and allocates almost nothing per field, so the
/// timings show parsing work rather than the garbage collector. Files are generated once per size and reused.
/// </summary>
public sealed class CsvWorkload(WorkloadSpec spec) : Workload(spec)
{
    public const int FileCount = 8;

    public static readonly WorkloadInfo Info = new()
    {
        Name = "Csv",
        Description = $"Parses one of {FileCount} generated CSV files (int, double, text and date columns) fully into typed columns.",
        DefaultSize = 500_000,
        SizeUnit = "rows per file",
        Bound = WorkloadBound.Cpu,
        SeedExperiment = 2,
    };

    private static readonly string[] Categories = ["alpha", "beta", "gamma", "delta", "epsilon"];
    private static readonly object GenerateLock = new();
    private string[] files = [];

    /// <summary>
    /// Where generated files live: ParallelCmdlets/csv in the user's cache folder, one subfolder per size. Not the
    /// temp folder, where another user could make the folder first and hand us files of their choosing.
    /// </summary>
    public static string CacheRoot => Path.Combine(ModuleCacheFolder, "csv");

    public string Folder => Path.Combine(CacheRoot, Spec.Size.ToString(CultureInfo.InvariantCulture));

    private static string ModuleCacheFolder => Path.Combine(UserCacheHome, "ParallelCmdlets");

    /// <summary>$XDG_CACHE_HOME or ~/.cache on Linux, as the XDG base directory spec says; LocalApplicationData elsewhere.</summary>
    internal static string UserCacheHome
    {
        get
        {
            if (!OperatingSystem.IsLinux())
                return Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            // The spec ignores a relative XDG_CACHE_HOME.
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)) return xdg;
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(home))
                throw new InvalidOperationException("The Csv workload keeps its files in your cache folder, but this user has no home folder. Set XDG_CACHE_HOME to a folder of yours.");
            return Path.Combine(home, ".cache");
        }
    }

    private static string? OtherCacheFolder => OperatingSystem.IsLinux() ? "Or set XDG_CACHE_HOME to another folder of yours for the Csv workload's files." : null;

    /// <summary>Deletes every generated file; the next run generates them again.</summary>
    public static void ClearCache()
    {
        if (!PrivateFolder.Exists(CacheRoot)) return;
        // A link above the cache would make the delete below reach wherever it leads. A link at the cache
        // itself is safe: Directory.Delete removes the link, not its target.
        PrivateFolder.Check(ModuleCacheFolder, OtherCacheFolder);
        Directory.Delete(CacheRoot, recursive: true);
    }

    public override void PrepareShared()
    {
        lock (GenerateLock)
        {
            // Every folder of ours is checked before anything in it is trusted, the .complete marker included.
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(UserCacheHome);
            else Directory.CreateDirectory(UserCacheHome, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            PrivateFolder.Create(ModuleCacheFolder, OtherCacheFolder);
            PrivateFolder.Create(CacheRoot, OtherCacheFolder);
            if (PrivateFolder.Exists(Folder))
            {
                PrivateFolder.Check(Folder, OtherCacheFolder);
                if (File.Exists(Path.Combine(Folder, ".complete"))) return;
            }
            // Generate into a scratch folder and rename it, so a crash never leaves a half-written cache. It sits in
            // the checked folder rather than the temp folder because a rename cannot cross file systems.
            var scratch = Path.Combine(CacheRoot, $"{Spec.Size.ToString(CultureInfo.InvariantCulture)}.{Environment.ProcessId}.tmp");
            if (PrivateFolder.Exists(scratch)) Directory.Delete(scratch, true);
            PrivateFolder.Create(scratch);
            for (var f = 0; f < FileCount; f++) Generate(Path.Combine(scratch, FileName(f)), Spec.Size, seed: f);
            File.WriteAllText(Path.Combine(scratch, ".complete"), "");
            if (PrivateFolder.Exists(Folder)) Directory.Delete(Folder, true);
            Directory.Move(scratch, Folder);
        }
    }

    public override void PrepareLocal() =>
        files = Enumerable.Range(0, FileCount).Select(f => Path.Combine(Folder, FileName(f))).ToArray();

    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
    {
        // Seeded by the task id, so every strategy parses the same files in the same order.
        var file = files[new Random(taskId).Next(files.Length)];
        Parse(file, cancellation);
        return null;
    }

    private static string FileName(int index) => $"data-{index:00}.csv";

    /// <summary>Parsed columns of one file.</summary>
    internal sealed record Table(int[] Id, double[] Value, double[] Weight, string[] Name, string[] Category, DateTime[] Date);

    internal static Table Parse(string path, CancellationToken cancellation = default)
    {
        using var reader = Sep.Reader(o => o with { CultureInfo = CultureInfo.InvariantCulture }).FromFile(path);
        var id = new List<int>(); var value = new List<double>(); var weight = new List<double>();
        var name = new List<string>(); var category = new List<string>(); var date = new List<DateTime>();
        foreach (var row in reader)
        {
            id.Add(row["id"].Parse<int>());
            value.Add(row["value"].Parse<double>());
            weight.Add(row["weight"].Parse<double>());
            name.Add(row["name"].ToString());
            category.Add(row["category"].ToString());
            date.Add(DateTime.ParseExact(row["date"].Span, "yyyy-MM-dd", CultureInfo.InvariantCulture));
            if ((id.Count & 0x3FFF) == 0) cancellation.ThrowIfCancellationRequested();
        }
        return new Table(id.ToArray(), value.ToArray(), weight.ToArray(), name.ToArray(), category.ToArray(), date.ToArray());
    }

    internal static void Generate(string path, long rows, int seed)
    {
        var random = new Random(seed);
        var epoch = new DateTime(2020, 1, 1);
        using var writer = Sep.Writer(o => o with { CultureInfo = CultureInfo.InvariantCulture }).ToFile(path);
        for (long i = 0; i < rows; i++)
        {
            using var row = writer.NewRow();
            row["id"].Format(i);
            row["value"].Format(Math.Round(random.NextDouble() * 1000, 4));
            row["weight"].Format(Math.Round(random.NextDouble(), 6));
            row["name"].Set($"item-{random.Next(100_000):00000}");
            row["category"].Set(Categories[random.Next(Categories.Length)]);
            row["date"].Set(epoch.AddDays(random.Next(2000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
