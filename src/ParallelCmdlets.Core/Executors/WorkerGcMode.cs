namespace ParallelCmdlets;

/// <summary>
/// The garbage collector worker processes run under. Threads share their process's one heap; processes each
/// have their own, and the kind of collector decides how long a collection stops the tasks.
/// </summary>
// Written by name by PowerShell's ConvertTo-Json (Json.NET), as Export-Csv and Format-Table already show it.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
public enum WorkerGcMode
{
    /// <summary>One heap, collections on the allocating thread without a background thread: the workers' default.</summary>
    Workstation,
    /// <summary>Workstation with background collection of the older generations, as pwsh itself runs.</summary>
    WorkstationConcurrent,
    /// <summary>A heap and a collector thread per core: collections are shorter and run in parallel.</summary>
    Server,
    /// <summary>Server with background collection.</summary>
    ServerConcurrent,
}

public static class WorkerGcModeExtensions
{
    /// <summary>The runtime's own settings for the mode: environment variables win over a runtimeconfig.json.</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentVariables(this WorkerGcMode mode) => new Dictionary<string, string>
    {
        ["DOTNET_gcServer"] = mode is WorkerGcMode.Server or WorkerGcMode.ServerConcurrent ? "1" : "0",
        ["DOTNET_gcConcurrent"] = mode is WorkerGcMode.WorkstationConcurrent or WorkerGcMode.ServerConcurrent ? "1" : "0",
    };
}
