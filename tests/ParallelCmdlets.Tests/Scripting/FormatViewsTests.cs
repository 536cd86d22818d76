using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ParallelCmdlets.Scripting;

namespace ParallelCmdlets.Tests.Scripting;

/// <summary>Which scripts get PowerShell's built-in format views in their runspace, and that those which do lay out text as PowerShell does.</summary>
public class FormatViewsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("param($n) $d = @{}; for ($i = 0; $i -lt $n; $i++) { $d[$i % 10] = $i }; $d")]
    [InlineData("param($x) 1..$x | ForEach-Object { $_ * 2 } | Where-Object { $_ -gt 2 } | Measure-Object -Sum")]
    [InlineData("[Math]::Sqrt(2); Get-Date; $null = Get-Random; 'text' | Out-Null; Start-Sleep -Milliseconds 1")]
    [InlineData("1..3 | % { $_ } | ? { $_ } | select -First 1")]
    public void A_script_of_expressions_and_view_free_commands_cannot_use_format_views(string script) =>
        Assert.False(FormatViews.MayBeUsedBy(script));

    [Theory]
    [InlineData("Get-Date | Format-List")]
    [InlineData("$x | Out-String")]
    [InlineData("Get-ChildItem > /tmp/listing.txt")]
    [InlineData("$name = 'Out-String'; 1 | & $name")]
    [InlineData("[scriptblock]::Create('1 | Out-String').Invoke()")]
    [InlineData("$ExecutionContext.InvokeCommand.InvokeScript('1 | Out-String')")]
    [InlineData("[powershell]::Create('CurrentRunspace').AddCommand('Out-String')")]
    [InlineData("Invoke-Expression '1 | Out-String'")]
    [InlineData("Get-MyReport")]
    [InlineData("1..3 | sort")]
    [InlineData("Microsoft.PowerShell.Utility\\Get-Date")]
    [InlineData("using module MyModule\n1")]
    [InlineData("#requires -Modules MyModule\n1")]
    [InlineData("{ Out-String }")]
    [InlineData("this does not ( parse")]
    public void A_script_that_may_lay_out_text_or_runs_what_is_not_shown_may_use_format_views(string script) =>
        Assert.True(FormatViews.MayBeUsedBy(script));

    [Fact]
    public void An_initialization_script_that_formats_counts_as_the_tasks_own()
    {
        Assert.True(FormatViews.MayBeUsedBy("Get-Report", null));
        Assert.True(FormatViews.MayBeUsedBy("1", "function Get-Report { Get-Date | Format-Table | Out-String }"));
        Assert.False(FormatViews.MayBeUsedBy("1", null));
        Assert.False(FormatViews.MayBeUsedBy("1", "$limit = 5"));
    }

    [Fact]
    public void A_runspace_for_a_formatting_script_lays_out_text_as_a_default_runspace_does()
    {
        const string script = "Get-Item / | Format-List -Property Name, FullName | Out-String";
        using var task = PowerShellTask.OpenRunspace(script);
        var ours = string.Concat(PowerShellTask.Invoke(task, [], 1, CancellationToken.None).Select(o => o.BaseObject));

        using var shell = PowerShell.Create(InitialSessionState.CreateDefault2());
        var reference = string.Concat(shell.AddScript(script).Invoke().Select(o => o.BaseObject));

        Assert.Equal(reference, ours);
        Assert.Contains("FullName", ours);
    }

    [Fact]
    public void Only_a_runspace_whose_script_may_format_has_the_built_in_views()
    {
        const string viewsOfDirectories = "@(Get-FormatData -TypeName System.IO.DirectoryInfo).Count";
        using var formatting = PowerShellTask.OpenRunspace("Get-Item / | Format-Table");
        using var plain = PowerShellTask.OpenRunspace("1 + 1");

        Assert.True(CountOf(formatting, viewsOfDirectories) > 0);
        Assert.Equal(0, CountOf(plain, viewsOfDirectories));
    }

    private static int CountOf(Runspace runspace, string script)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        return (int)shell.AddScript(script).Invoke().Single().BaseObject;
    }
}
