using System.Runtime.CompilerServices;

namespace ParallelCmdlets.Strategies;

/// <summary>The strategies that need a PowerShell engine, added to the catalog as this assembly loads.</summary>
internal static class ModuleToolchains
{
    // A module initializer, although this is a library: every way into the module (a cmdlet, Import-Result, a test)
    // must find PowerShell's tools and Remote in the catalog, and nothing else runs first in all of them.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => StrategyCatalog.Register(
        new ForEachParallelToolchain(), new ThreadJobToolchain(), new JobToolchain(), new RunspacePoolToolchain(), new RemoteToolchain());
}
