using System.Runtime.CompilerServices;

namespace ParallelCmdlets.Tests;

/// <summary>
/// The core's tests read PowerShell's tools and Remote from the catalog, as the module does once loaded: register
/// them before any test runs, whether or not a test touches the module first.
/// </summary>
internal static class ModuleToolchainsForTests
{
#pragma warning disable CA2255 // a test assembly's setup, not a library's
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => ParallelCmdlets.Strategies.ModuleToolchains.Register();
}
