using System.Collections;
using ParallelCmdlets.Commands;
using ParallelCmdlets.Remoting;

namespace ParallelCmdlets.Tests.Remoting;

/// <summary>ssh's own words for each failure, turned into one that names the host and the fix.</summary>
public class SshDiagnosisTests
{
    [Theory]
    [InlineData("ssh: connect to host web1 port 2222: Connection refused", "web1 refused the connection on port 2222")]
    [InlineData("root@web1: Permission denied (publickey).", "web1 refused the key for user deploy")]
    [InlineData("Host key verification failed.", "ssh-keyscan -p 2222 web1 >> ~/.ssh/known_hosts")]
    [InlineData("subsystem request failed on channel 0", "Subsystem powershell /usr/bin/pwsh -sshs")]
    [InlineData("ssh: connect to host web1 port 2222: Connection timed out", "web1 did not answer on port 2222 within the connect timeout")]
    [InlineData("ssh: Could not resolve hostname web1: Name or service not known", "web1 could not be resolved")]
    public void Explains_each_known_failure_naming_the_host_and_what_to_do(string said, string expected)
    {
        var explained = SshDiagnosis.Explain(said, "web1", 2222, "deploy", "/keys/id");

        Assert.NotNull(explained);
        Assert.Contains(expected, explained);
        Assert.Contains("web1", explained);
    }

    [Fact]
    public void Leaves_an_unknown_message_to_the_caller()
    {
        Assert.Null(SshDiagnosis.Explain("kex_exchange_identification: read: Connection reset by peer", "web1", null, null, null));
    }

    [Fact]
    public void Options_add_batch_mode_and_a_connect_timeout_unless_the_caller_set_them()
    {
        var defaults = new RemoteTarget().EffectiveOptions();
        Assert.Equal("yes", defaults["BatchMode"]);
        Assert.Equal("10", defaults["ConnectTimeout"]);

        var mine = new RemoteTarget { Options = new Hashtable { ["batchmode"] = "no", ["ConnectTimeout"] = 3, ["Port"] = 2 } }.EffectiveOptions();
        Assert.Equal("no", mine["BatchMode"]);
        Assert.Equal(3, mine["ConnectTimeout"]);
        Assert.Equal(3, mine.Count);
    }
}

/// <summary>Remote's parameters: where it runs must be said once, and only with Remote.</summary>
public class RemoteArgumentsTests
{
    private static string? IdFor(IReadOnlyList<Strategy> strategies, params string[] bound) =>
        RemoteArguments.FindProblem(bound, strategies)?.Id;

    [Fact]
    public void Remote_needs_hosts_or_sessions()
    {
        Assert.Equal(ErrorIds.RemoteNeedsHosts, IdFor([Strategy.Remote]));
        Assert.Null(IdFor([Strategy.Remote], "HostName", "Port", "KeyFilePath", "UserName", "Options"));
        Assert.Null(IdFor([Strategy.Sequential, Strategy.Remote], "Session"));
    }

    [Fact]
    public void Hosts_and_sessions_exclude_each_other_and_ssh_parameters_do_not_go_with_sessions()
    {
        Assert.Equal(ErrorIds.RemoteHostsOrSessions, IdFor([Strategy.Remote], "HostName", "Session"));
        Assert.Equal(ErrorIds.RemoteHostsOrSessions, IdFor([Strategy.Remote], "Session", "Port"));
    }

    [Fact]
    public void Remote_parameters_without_the_remote_strategy_are_refused()
    {
        Assert.Equal(ErrorIds.RemoteParametersNeedRemote, IdFor([Strategy.Threads], "HostName"));
        Assert.Equal(ErrorIds.RemoteParametersNeedRemote, IdFor([Strategy.Threads], "KeyFilePath"));
        Assert.Null(IdFor([Strategy.Threads]));
    }
}
