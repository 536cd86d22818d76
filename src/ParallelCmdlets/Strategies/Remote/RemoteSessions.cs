using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Remoting;

/// <summary>One worker of the Remote strategy: a remoting session on a host, its clock mapped onto this one.</summary>
internal sealed class RemoteLane(int id, string hostName, PSSession session, bool ownedByModule)
{
    public int Id { get; } = id;
    public string HostName { get; } = hostName;
    public PSSession Session { get; } = session;
    public Runspace Runspace => Session.Runspace;

    /// <summary>Opened by the module, so closed by it; the caller's own sessions are left open.</summary>
    public bool OwnedByModule { get; } = ownedByModule;

    public ClockMapping Clock { get; set; } = ClockMapping.Identity(System.Diagnostics.Stopwatch.Frequency);

    /// <summary>The host's logical cores and machine name, as it reports them: two names for one machine count its cores once.</summary>
    public int Cores { get; set; }
    public string MachineName { get; set; } = "";

    /// <summary>Why this session can take no more tasks (it broke mid-run); null while it works.</summary>
    public string? Lost { get; set; }

    /// <summary>The task invocation in flight, for a stop to reach it.</summary>
    public PowerShell? Current { get; set; }
}

/// <summary>Opens, prepares and closes the Remote strategy's sessions, outside any timed run.</summary>
internal static class RemoteSessions
{
    /// <summary>Clock samples per host: the best of these round trips maps its clock.</summary>
    public const int ClockSamples = 12;

    /// <summary>
    /// Opens <paramref name="workersPerHost"/> SSH sessions per host with New-PSSession, or takes the caller's
    /// sessions; each lane is added to <paramref name="lanes"/> as it opens, so a failure part-way still closes them.
    /// </summary>
    public static void Open(Runspace driver, RemoteTarget target, int workersPerHost, List<RemoteLane> lanes, CancellationToken cancellation)
    {
        if (target.UsesOwnSessions)
        {
            foreach (var session in target.Sessions)
            {
                if (session.Runspace?.RunspaceStateInfo.State != RunspaceState.Opened)
                    throw new InvalidOperationException($"The session to {session.ComputerName} (Id {session.Id}) is {session.Runspace?.RunspaceStateInfo.State.ToString() ?? "gone"}, not open: open it again with New-PSSession, or leave it out.");
                lanes.Add(new RemoteLane(lanes.Count + 1, session.ComputerName, session, ownedByModule: false));
            }
            return;
        }
        var options = target.EffectiveOptions();
        foreach (var host in target.HostNames)
        {
            cancellation.ThrowIfCancellationRequested();
            // ssh alone must open the powershell subsystem before New-PSSession tries: when ssh ends early (host down,
            // port closed, key refused, no subsystem), PowerShell's SSH transport can throw a broken pipe on a thread
            // of its own while cleaning up, and that ends the whole PowerShell process, the caller's session with it.
            var preflight = SshDiagnosis.Probe(host, target.Port, target.UserName, target.KeyFilePath, options, cancellation);
            cancellation.ThrowIfCancellationRequested();
            if (SshDiagnosis.Explain(preflight, host, target.Port, target.UserName, target.KeyFilePath) is { } refused)
                throw new RemoteHostException(host, refused);
            using var shell = PowerShell.Create();
            shell.Runspace = driver;
            shell.AddCommand("New-PSSession").AddParameter("HostName", Enumerable.Repeat(host, workersPerHost).ToArray())
                .AddParameter("Options", options)
                // The whole open (ssh connecting, authenticating, pwsh starting there) within a bound of its own.
                .AddParameter("ConnectingTimeout", (RemoteTarget.ConnectTimeoutSeconds + 50) * 1000);
            if (!string.IsNullOrEmpty(target.UserName)) shell.AddParameter("UserName", target.UserName);
            if (!string.IsNullOrEmpty(target.KeyFilePath)) shell.AddParameter("KeyFilePath", target.KeyFilePath);
            if (target.Port is { } port) shell.AddParameter("Port", port);
            using var stop = cancellation.Register(() => shell.BeginStop(null, null));
            Exception? failure = null;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                foreach (var opened in shell.Invoke())
                    if (opened?.BaseObject is PSSession session)
                        lanes.Add(new RemoteLane(lanes.Count + 1, host, session, ownedByModule: true));
            }
            catch (RuntimeException e)
            {
                failure = e;
            }
            cancellation.ThrowIfCancellationRequested();
            var error = failure?.Message ?? (shell.Streams.Error.Count > 0 ? shell.Streams.Error[0].Exception?.Message ?? shell.Streams.Error[0].ToString() : null);
            if (error is null && lanes.Count(l => l.HostName == host) == workersPerHost) continue;
            // A host that let the whole connect timeout pass would make ssh wait as long again to say so: it did not answer.
            var said = watch.Elapsed >= SshDiagnosis.ConnectTimeout(options)
                ? "Connection timed out"
                : SshDiagnosis.Probe(host, target.Port, target.UserName, target.KeyFilePath, options, cancellation);
            var reason = SshDiagnosis.Explain(said, host, target.Port, target.UserName, target.KeyFilePath)
                ?? $"{host}: the SSH session could not open ({error ?? "no session came back"}){(said.Trim().Length > 0 ? $"; ssh said: {said.Trim()}" : "")}. Check that 'ssh {host}' works without a prompt and that sshd there has a powershell Subsystem line.";
            throw new RemoteHostException(host, reason);
        }
    }

    /// <summary>
    /// Defines the task function in every session, prepares a compiled workload where the module is there, and
    /// maps each host's clock by Cristian's method (the first session of a host stands for it: one clock per host).
    /// </summary>
    public static void Prepare(IReadOnlyList<RemoteLane> lanes, string definition, Func<RemoteLane, string?>? prepareCompiled, CancellationToken cancellation)
    {
        var clocks = new Dictionary<string, ClockMapping>(StringComparer.OrdinalIgnoreCase);
        foreach (var lane in lanes)
        {
            cancellation.ThrowIfCancellationRequested();
            Run(lane, definition, cancellation);
            if (prepareCompiled?.Invoke(lane) is { } problem) throw new RemoteHostException(lane.HostName, problem);
            if (!clocks.TryGetValue(lane.HostName, out var mapping))
                clocks[lane.HostName] = mapping = MapClock(lane, cancellation);
            lane.Clock = mapping;
            var first = lanes.First(l => l.HostName.Equals(lane.HostName, StringComparison.OrdinalIgnoreCase));
            (lane.Cores, lane.MachineName) = (first.Cores, first.MachineName);
        }
    }

    /// <summary>Runs a script in the lane's session outside any timed run; its errors are thrown, naming the host.</summary>
    public static IReadOnlyList<PSObject> Run(RemoteLane lane, string script, CancellationToken cancellation, params object?[] arguments)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = lane.Runspace;
        shell.AddScript(script);
        foreach (var argument in arguments) shell.AddArgument(argument);
        using var stop = cancellation.Register(() => shell.BeginStop(null, null));
        try
        {
            var output = shell.Invoke();
            if (shell.Streams.Error.Count > 0) throw new RemoteHostException(lane.HostName, $"{lane.HostName}: {shell.Streams.Error[0]}");
            return output;
        }
        catch (RuntimeException e) when (!cancellation.IsCancellationRequested)
        {
            throw new RemoteHostException(lane.HostName, $"{lane.HostName}: {e.Message}");
        }
    }

    private static ClockMapping MapClock(RemoteLane lane, CancellationToken cancellation)
    {
        var samples = new List<ClockSample>(ClockSamples);
        double remoteFrequency = 0;
        using var shell = PowerShell.Create();
        shell.Runspace = lane.Runspace;
        shell.AddScript(RemoteTaskScript.ClockProbe);
        using var stop = cancellation.Register(() => shell.BeginStop(null, null));
        for (var i = 0; i < ClockSamples; i++)
        {
            var sent = System.Diagnostics.Stopwatch.GetTimestamp();
            var answer = shell.Invoke();
            var received = System.Diagnostics.Stopwatch.GetTimestamp();
            if (answer.Count < 4) throw new RemoteHostException(lane.HostName, $"{lane.HostName}: its clock could not be read ({(shell.Streams.Error.Count > 0 ? shell.Streams.Error[0] : "no answer")}).");
            samples.Add(new ClockSample(sent, Convert.ToInt64(answer[0].BaseObject, System.Globalization.CultureInfo.InvariantCulture), received));
            remoteFrequency = Convert.ToDouble(answer[1].BaseObject, System.Globalization.CultureInfo.InvariantCulture);
            lane.Cores = Convert.ToInt32(answer[2].BaseObject, System.Globalization.CultureInfo.InvariantCulture);
            lane.MachineName = answer[3].BaseObject?.ToString() ?? "";
        }
        return ClockMapping.FromSamples(samples, System.Diagnostics.Stopwatch.Frequency, remoteFrequency);
    }

    /// <summary>Closes the sessions the module opened (their ssh and remote pwsh end with them); the caller's stay open.</summary>
    public static void Close(Runspace? driver, IEnumerable<RemoteLane> lanes)
    {
        var owned = lanes.Where(l => l.OwnedByModule).Select(l => l.Session).ToArray();
        if (owned.Length == 0) return;
        if (driver is { RunspaceStateInfo.State: RunspaceState.Opened })
        {
            try
            {
                using var shell = PowerShell.Create();
                shell.Runspace = driver;
                shell.AddCommand("Remove-PSSession").AddParameter("Session", owned);
                shell.Invoke();
                return;
            }
            catch (Exception e) when (e is RuntimeException or InvalidOperationException)
            {
                // Fall through: close each runspace directly.
            }
        }
        foreach (var session in owned)
        {
            try { session.Runspace.Dispose(); } catch (Exception e) when (e is InvalidOperationException or RuntimeException) { }
        }
    }
}

/// <summary>A host the Remote strategy could not use, with what to do; the message names the host.</summary>
internal sealed class RemoteHostException(string hostName, string message) : InvalidOperationException(message)
{
    public string HostName { get; } = hostName;
}
