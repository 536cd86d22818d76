namespace ParallelCmdlets.Commands;

/// <summary>The Remote strategy's parameters: what they must come with.</summary>
internal static class RemoteArguments
{
    private static readonly string[] SshParameters = ["UserName", "KeyFilePath", "Port", "Options"];

    /// <summary>The error id and message for Remote's parameters used wrongly, or null when they fit together.</summary>
    public static (string Id, string Message)? FindProblem(IReadOnlyCollection<string> bound, IReadOnlyList<Strategy> strategies)
    {
        var remote = strategies.Any(s => s.IsRemote());
        var hosts = bound.Contains("HostName", StringComparer.OrdinalIgnoreCase);
        var sessions = bound.Contains("Session", StringComparer.OrdinalIgnoreCase);
        if (remote && !hosts && !sessions)
            return (ErrorIds.RemoteNeedsHosts, "-Strategy Remote runs the tasks on other hosts: name them with -HostName web1, web2 (SSH; with -UserName, -KeyFilePath, -Port, -Options as New-PSSession takes them), or pass sessions you opened with -Session (New-PSSession, SSH or WinRM).");
        if (hosts && sessions)
            return (ErrorIds.RemoteHostsOrSessions, "-HostName and -Session both say where Remote runs: give one. -HostName opens SSH sessions for the run and closes them after; -Session uses yours and leaves them open.");
        var used = SshParameters.Where(p => bound.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        if (!remote && (hosts || sessions || used.Count > 0))
            return (ErrorIds.RemoteParametersNeedRemote, $"-{(hosts ? "HostName" : sessions ? "Session" : used[0])} says where the Remote strategy runs. Add Remote to -Strategy (for example -Strategy Sequential, Threads, Remote), or leave it out.");
        if (sessions && used.Count > 0)
            return (ErrorIds.RemoteHostsOrSessions, $"-{used[0]} applies to the SSH sessions the module opens from -HostName; sessions passed with -Session were opened with their own. Leave -{used[0]} out.");
        return null;
    }
}
