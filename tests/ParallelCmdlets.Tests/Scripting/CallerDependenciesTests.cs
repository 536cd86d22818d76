using System.Management.Automation;
using ParallelCmdlets.Scripting;

namespace ParallelCmdlets.Tests.Scripting;

/// <summary>What a ScriptBlock takes from the caller's session that a worker's fresh runspace will not have.</summary>
public class CallerDependenciesTests
{
    private static readonly HashSet<string> CallerVariables = new(StringComparer.OrdinalIgnoreCase) { "limit", "total", "n" };
    private static readonly HashSet<string> CallerFunctions = new(StringComparer.OrdinalIgnoreCase) { "Get-Limit" };

    private static (IReadOnlyList<string> Variables, IReadOnlyList<string> Functions) Find(string script, string? initialization = null) =>
        CallerDependencies.Find(ScriptBlock.Create(script), initialization is null ? null : ScriptBlock.Create(initialization),
            CallerVariables.Contains, CallerFunctions.Contains);

    [Fact]
    public void Finds_a_variable_and_a_function_of_the_caller_that_the_script_only_uses()
    {
        var (variables, functions) = Find("Get-Limit; $limit * 2");

        Assert.Equal(["limit"], variables);
        Assert.Equal(["Get-Limit"], functions);
    }

    [Fact]
    public void Ignores_what_the_script_assigns_declares_or_loops_over_and_what_every_task_is_given()
    {
        var (variables, functions) = Find("param($n) $total = 0; foreach ($limit in 1..$n) { $total += $limit }; $TaskId; $Size; $_; $args");

        Assert.Empty(variables);
        Assert.Empty(functions);
    }

    [Fact]
    public void Ignores_what_the_initialization_script_defines()
    {
        var (variables, functions) = Find("Get-Limit; $limit", "function Get-Limit { 5 }; $limit = 5");

        Assert.Empty(variables);
        Assert.Empty(functions);
    }

    [Fact]
    public void Ignores_names_the_caller_does_not_have_and_those_every_runspace_has()
    {
        var (variables, functions) = Find("$unknown; $PSVersionTable; $env:HOME; Get-Date; Clear-Host");

        Assert.Empty(variables);
        Assert.Empty(functions);
    }

    [Fact]
    public void The_warning_names_each_and_says_how_to_fix_and_what_it_cannot_see()
    {
        var warning = CallerDependencies.Warning(["limit"], ["Get-Limit"]);

        Assert.StartsWith("The ScriptBlock uses $limit, Get-Limit, which this session has but a worker will not", warning);
        Assert.Contains("-ArgumentList", warning);
        Assert.Contains("-InitializationScript", warning);
        Assert.Contains("ignore this warning", warning);
        Assert.Null(CallerDependencies.Warning([], []));
    }

    [Fact]
    public void Knows_whether_a_script_reads_size_in_any_scope()
    {
        Assert.True(CallerDependencies.ReadsSize(ScriptBlock.Create("1..$Size")));
        Assert.True(CallerDependencies.ReadsSize(ScriptBlock.Create("& { $script:size }")));
        Assert.False(CallerDependencies.ReadsSize(ScriptBlock.Create("1..10")));
    }
}
