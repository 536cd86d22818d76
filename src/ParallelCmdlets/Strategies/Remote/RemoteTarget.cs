using System.Collections;
using System.Management.Automation.Runspaces;

namespace ParallelCmdlets.Remoting;

/// <summary>
/// Where the Remote strategy runs: hosts to open SSH sessions to (with New-PSSession's SSH parameters, passed
/// through as it takes them), or sessions the caller opened (SSH or WinRM), which are used and left open.
/// </summary>
internal sealed record RemoteTarget
{
    public IReadOnlyList<string> HostNames { get; init; } = [];
    public string? UserName { get; init; }
    public string? KeyFilePath { get; init; }
    public int? Port { get; init; }

    /// <summary>ssh options (-o key=value), as New-PSSession -Options takes them.</summary>
    public Hashtable? Options { get; init; }

    public IReadOnlyList<PSSession> Sessions { get; init; } = [];

    /// <summary>The module version running here: a compiled workload runs on a host only with this same version there.</summary>
    public string ModuleVersion { get; init; } = "";

    /// <summary>The module's manifest here, whose version the remote module must match.</summary>
    public string ModuleName { get; init; } = "ParallelCmdlets";

    public bool UsesOwnSessions => Sessions.Count > 0;

    /// <summary>Workers in all: each given session is one; otherwise <paramref name="workersPerHost"/> sessions per host.</summary>
    public int Lanes(int workersPerHost) => UsesOwnSessions ? Sessions.Count : HostNames.Count * workersPerHost;

    /// <summary>How many hosts the work is spread over.</summary>
    public int HostCount => UsesOwnSessions ? Sessions.Select(s => s.ComputerName).Distinct(StringComparer.OrdinalIgnoreCase).Count() : HostNames.Count;

    /// <summary>Seconds ssh may take to connect before it gives up (its ConnectTimeout), unless the caller's -Options set it.</summary>
    public const int ConnectTimeoutSeconds = 10;

    /// <summary>
    /// The ssh options the module's sessions use: the caller's, plus BatchMode=yes (ssh fails rather than asking
    /// for a password, a passphrase or a new host key, which would hang an unattended run) and a ConnectTimeout,
    /// each unless the caller set it.
    /// </summary>
    public Hashtable EffectiveOptions()
    {
        var options = new Hashtable(StringComparer.OrdinalIgnoreCase);
        if (Options is not null) foreach (DictionaryEntry entry in Options) options[entry.Key.ToString()!] = entry.Value;
        if (!options.ContainsKey("BatchMode")) options["BatchMode"] = "yes";
        if (!options.ContainsKey("ConnectTimeout")) options["ConnectTimeout"] = ConnectTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return options;
    }
}
