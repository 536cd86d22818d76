using System.Collections;
using System.Diagnostics;
using System.Globalization;

namespace ParallelCmdlets.Remoting;

/// <summary>
/// Why an SSH session to a host could not open, in words that name the host and the fix. PowerShell's own error
/// for every SSH failure is "the SSH transport process has abruptly terminated", so the module asks ssh itself,
/// with the same options, and reads its message.
/// </summary>
internal static class SshDiagnosis
{
    /// <summary>How long the asking ssh may take beyond its own ConnectTimeout.</summary>
    private static readonly TimeSpan ProbeSlack = TimeSpan.FromSeconds(5);

    /// <summary>What ssh's message means and what to do, naming the host; null when the message is not one of the known causes.</summary>
    public static string? Explain(string sshMessage, string hostName, int? port, string? userName, string? keyFilePath)
    {
        var portText = port is { } p ? p.ToString(CultureInfo.InvariantCulture) : "22";
        var user = string.IsNullOrEmpty(userName) ? Environment.UserName : userName;
        if (Contains(sshMessage, "Connection refused"))
            return $"{hostName} refused the connection on port {portText}: no SSH server listens there. Start sshd on {hostName}, or pass the port it listens on with -Port.";
        if (Contains(sshMessage, "Could not resolve hostname") || Contains(sshMessage, "Name or service not known"))
            return $"{hostName} could not be resolved: check the name, or pass an address with -HostName.";
        if (Contains(sshMessage, "timed out") || Contains(sshMessage, "No route to host") || Contains(sshMessage, "Network is unreachable"))
            return $"{hostName} did not answer on port {portText} within the connect timeout: check that it is up and that a firewall lets SSH through (raise the wait with -Options @{{ ConnectTimeout = 30 }}).";
        if (Contains(sshMessage, "Host key verification failed") || Contains(sshMessage, "REMOTE HOST IDENTIFICATION HAS CHANGED"))
            return $"{hostName}'s host key is not in your known_hosts (or differs from it), and the module never asks: check its fingerprint, then add it with 'ssh-keyscan -p {portText} {hostName} >> ~/.ssh/known_hosts' (or connect once with ssh to accept it).";
        if (Contains(sshMessage, "Permission denied"))
            return $"{hostName} refused the key for user {user} ({sshMessage.Trim()}): add the public key of {(string.IsNullOrEmpty(keyFilePath) ? "your default key" : keyFilePath)} to ~/.ssh/authorized_keys of {user} on {hostName}, or pass the right -KeyFilePath and -UserName. Keys with a passphrase need ssh-agent, since the module never prompts.";
        if (Contains(sshMessage, "subsystem request failed"))
            return $"{hostName} has no PowerShell subsystem for SSH: add 'Subsystem powershell /usr/bin/pwsh -sshs -NoLogo -NoProfile' (the path of pwsh there) to /etc/ssh/sshd_config on {hostName} and restart sshd.";
        return null;
    }

    /// <summary>The ssh ConnectTimeout the options set (seconds), or the module's default.</summary>
    public static TimeSpan ConnectTimeout(Hashtable options) => TimeSpan.FromSeconds(
        options["ConnectTimeout"] is { } t && int.TryParse(t.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds : RemoteTarget.ConnectTimeoutSeconds);

    private static bool Contains(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Asks ssh to open the powershell subsystem on the host with the session's options, closes its input at once
    /// (a subsystem that started ends on it) and returns what ssh wrote to stderr. Never prompts: BatchMode is on.
    /// </summary>
    public static string Probe(string hostName, int? port, string? userName, string? keyFilePath, Hashtable options, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("ssh")
        {
            RedirectStandardError = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (DictionaryEntry option in options)
        {
            start.ArgumentList.Add("-o");
            start.ArgumentList.Add($"{option.Key}={option.Value}");
        }
        if (port is { } p) { start.ArgumentList.Add("-p"); start.ArgumentList.Add(p.ToString(CultureInfo.InvariantCulture)); }
        if (!string.IsNullOrEmpty(userName)) { start.ArgumentList.Add("-l"); start.ArgumentList.Add(userName); }
        if (!string.IsNullOrEmpty(keyFilePath)) { start.ArgumentList.Add("-i"); start.ArgumentList.Add(keyFilePath); }
        start.ArgumentList.Add("-s");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(hostName);
        start.ArgumentList.Add("powershell");
        try
        {
            using var ssh = Process.Start(start)!;
            ssh.StandardInput.Close();
            var stderr = ssh.StandardError.ReadToEndAsync(cancellation);
            _ = ssh.StandardOutput.ReadToEndAsync(cancellation);
            // Bounded, and a stop (Ctrl+C) ends the wait at once rather than after the connect timeout.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            bounded.CancelAfter(ConnectTimeout(options) + ProbeSlack);
            try
            {
                ssh.WaitForExitAsync(bounded.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                ssh.Kill(entireProcessTree: true);
                return "";
            }
            return stderr.Wait(ProbeSlack) ? stderr.Result : "";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or AggregateException)
        {
            return $"ssh could not be run: {e.Message}";
        }
    }
}
