using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace ParallelCmdlets.Worker;

/// <summary>
/// The caller's PowerShell installation, loaded into this process: its assemblies resolve from its folder ($PSHOME)
/// and the module's own assembly runs the worker loop with a PowerShell engine at hand. Started by
/// PowerShellWorkerLauncher as <c>--powershell PSHOME --module ParallelCmdlets.dll</c> before the worker's arguments.
/// </summary>
internal sealed class PowerShellEngine
{
    public const string HomeOption = "--powershell";
    public const string ModuleOption = "--module";

    /// <summary>The module's type that runs the worker loop with the PowerShell workloads added.</summary>
    private const string EntryType = "ParallelCmdlets.Scripting.PowerShellWorker";

    private readonly string home;
    private readonly string moduleAssembly;
    private readonly Dictionary<string, string> managed = new(StringComparer.OrdinalIgnoreCase);

    private PowerShellEngine(string home, string moduleAssembly)
    {
        this.home = home;
        this.moduleAssembly = moduleAssembly;
        // pwsh's own host resolves these through pwsh.deps.json; the same folders, most specific first. The first
        // file found for a name wins, so an operating system's build of an assembly goes before the portable one.
        foreach (var rid in new[] { SystemName, OperatingSystem.IsWindows() ? "win" : "unix" })
        {
            var lib = Path.Combine(home, "runtimes", rid, "lib");
            if (!Directory.Exists(lib)) continue;
            // The newest framework's build first (net10.0 before net8.0 before netstandard1.6).
            foreach (var framework in Directory.GetDirectories(lib).OrderByDescending(FrameworkRank))
                AddAssemblies(framework);
        }
        AddAssemblies(home);
    }

    /// <summary>Takes the engine's options off the front of the arguments, or returns null for a compiled-workload worker.</summary>
    public static PowerShellEngine? TryTake(ref string[] args)
    {
        if (args.Length < 4 || args[0] != HomeOption || args[2] != ModuleOption) return null;
        var engine = new PowerShellEngine(args[1], args[3]);
        args = args[4..];
        return engine;
    }

    public int RunWorker(string[] args)
    {
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            name.Name is { } simple && managed.TryGetValue(simple, out var path) ? context.LoadFromAssemblyPath(path) : null;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) => LoadNative(name);
        var module = AssemblyLoadContext.Default.LoadFromAssemblyPath(moduleAssembly);
        var run = module.GetType(EntryType, throwOnError: true)!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static, [typeof(string[])])
            ?? throw new MissingMethodException(EntryType, "Run");
        return (int)run.Invoke(null, [args])!;
    }

    /// <summary>PowerShell's native helpers (libpsl-native) sit under runtimes/&lt;rid&gt;/native.</summary>
    private IntPtr LoadNative(string name)
    {
        var file = OperatingSystem.IsWindows() ? $"{name}.dll"
            : name.StartsWith("lib", StringComparison.Ordinal) ? $"{name}{NativeSuffix}" : $"lib{name}{NativeSuffix}";
        foreach (var rid in new[] { RuntimeInformation.RuntimeIdentifier, PortableRid })
        {
            var path = Path.Combine(home, "runtimes", rid, "native", file);
            if (File.Exists(path)) return NativeLibrary.Load(path);
        }
        return IntPtr.Zero;
    }

    private static string NativeSuffix => OperatingSystem.IsMacOS() ? ".dylib" : ".so";

    private static string SystemName => OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";

    /// <summary>The portable runtime identifier (linux-x64), for a runtime that reports a distribution's own.</summary>
    private static string PortableRid =>
        $"{SystemName}{(OperatingSystem.IsLinux() && File.Exists("/etc/alpine-release") ? "-musl" : "")}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";

    private void AddAssemblies(string folder)
    {
        foreach (var file in Directory.GetFiles(folder, "*.dll"))
            managed.TryAdd(Path.GetFileNameWithoutExtension(file), file);
    }

    /// <summary>net10.0 ranks above net8.0, which ranks above netstandard2.0.</summary>
    private static (int, Version) FrameworkRank(string folder)
    {
        var name = Path.GetFileName(folder);
        var isNet = name.StartsWith("net", StringComparison.Ordinal) && !name.StartsWith("netstandard", StringComparison.Ordinal)
            && !name.StartsWith("netcoreapp", StringComparison.Ordinal);
        var digits = new string(name.SkipWhile(c => !char.IsDigit(c)).ToArray());
        return (isNet ? 1 : 0, Version.TryParse(digits.Contains('.') ? digits : digits + ".0", out var v) ? v : new Version(0, 0));
    }
}
