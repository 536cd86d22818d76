using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Scripting;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Workloads;

/// <summary>
/// The PowerShell workloads on the core's in-process executors, hosted here by Microsoft.PowerShell.SDK: the
/// whole engine with its built-in modules, as pwsh has them (Processes needs a pwsh, see CmdletHostingTests).
/// </summary>
internal static class InProcess
{
    public static InProcessExecutor Create(Strategy strategy, int workers, Workload workload, ExecutorOptions options) => strategy switch
    {
        Strategy.Sequential => new SequentialExecutor(workload, options),
        Strategy.Threads => new ThreadExecutor(workers, workload, options),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "in-process strategies only"),
    };

    public static IReadOnlyList<TaskRecord> Run(Strategy strategy, int workers, Workload workload, int tasks, bool keepOutput = true)
    {
        using var executor = Create(strategy, workers, workload, TestWorkloads.Options(keepOutput));
        executor.Start(default);
        return executor.Run(tasks, NullTaskSink.Instance, default).Records.OrderBy(r => r.TaskId).ToList();
    }

    /// <summary>A script's single output object, unwrapped.</summary>
    public static object? Single(TaskRecord record) => record.Output is PSObject p ? p.BaseObject : record.Output;
}

public class ScriptLoopTests
{
    [Fact]
    public void ScriptLoop_runs_in_a_runspace_made_before_the_timed_run()
    {
        using var workload = new ScriptLoopWorkload(new WorkloadSpec("ScriptLoop", 1000, 2));
        var state = workload.CreateWorkerState();
        try
        {
            var runspace = Assert.IsAssignableFrom<Runspace>(state);
            Assert.Equal(RunspaceState.Opened, runspace.RunspaceStateInfo.State);
            workload.Execute(1, null, state, default);
            Assert.Equal(RunspaceState.Opened, runspace.RunspaceStateInfo.State);
        }
        finally
        {
            workload.ReleaseWorkerState(state);
        }
    }

    [Theory]
    [InlineData(Strategy.Sequential)]
    [InlineData(Strategy.Threads)]
    public void ScriptLoop_completes_every_task_computing_in_process(Strategy strategy)
    {
        using var workload = new ScriptLoopWorkload(new WorkloadSpec("ScriptLoop", 20_000, 4));
        var records = InProcess.Run(strategy, 2, workload, 4);

        Assert.Equal([1, 2, 3, 4], records.Select(r => r.TaskId));
        Assert.All(records, r => Assert.Equal(TaskState.Completed, r.Status));
        Assert.All(records, r => Assert.Equal(Environment.ProcessId, r.ProcessId));
        // 20,000 interpreted iterations compute for milliseconds: a task that did nothing would read about 0.
        Assert.All(records, r => Assert.True(r.CpuSeconds > 1e-4, $"task {r.TaskId} used {r.CpuSeconds * 1e6:0} µs of CPU"));
        Assert.Equal(strategy == Strategy.Threads ? 2 : 1, records.Select(r => r.WorkerId).Distinct().Count());
    }

    [Fact]
    public void ScriptLoop_on_threads_gives_each_worker_its_own_runspace()
    {
        // Each task reports the runspace its worker was given and which task last ran in it ($TaskId is set there).
        using var workload = new RunspaceReportingScriptLoop(new WorkloadSpec("ScriptLoop", 1000, 6));
        var records = InProcess.Run(Strategy.Threads, 2, workload, 6);

        Assert.All(records, r => Assert.Equal(TaskState.Completed, r.Status));
        var seen = records.Select(r => (Record: r, Report: ((Guid Runspace, object TaskId))r.Output!)).ToList();
        Assert.All(seen, s => Assert.Equal(s.Record.TaskId, s.Report.TaskId));
        Assert.Equal(2, seen.Select(s => s.Record.WorkerId).Distinct().Count());
        Assert.All(seen.GroupBy(s => s.Record.WorkerId), g => Assert.Single(g.Select(s => s.Report.Runspace).Distinct()));
        Assert.Equal(2, seen.Select(s => s.Report.Runspace).Distinct().Count());
        Assert.Equal(2, workload.Opened.Count);
        Assert.DoesNotContain(Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty, seen.Select(s => s.Report.Runspace));
    }

    /// <summary>ScriptLoop itself, which returns nothing, wrapped to say which runspace each task ran in.</summary>
    private sealed class RunspaceReportingScriptLoop(WorkloadSpec spec) : Workload(spec)
    {
        private readonly ScriptLoopWorkload inner = new(spec);
        public List<Guid> Opened { get; } = [];

        public override object? CreateWorkerState()
        {
            var state = inner.CreateWorkerState();
            lock (Opened) Opened.Add(((Runspace)state!).InstanceId);
            return state;
        }

        public override void ReleaseWorkerState(object? state) => inner.ReleaseWorkerState(state);

        // Each worker's first task waits for the other's, so both workers take tasks however their threads are scheduled.
        private readonly CountdownEvent firstTasks = new(2);
        private readonly HashSet<Guid> started = [];

        public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
        {
            var runspace = (Runspace)workerState!;
            bool first;
            lock (started) first = started.Add(runspace.InstanceId);
            if (first)
            {
                firstTasks.Signal();
                Assert.True(firstTasks.Wait(TimeSpan.FromSeconds(60), cancellation), "the other worker never took a task");
            }
            inner.Execute(taskId, input, workerState, cancellation);
            var lastTask = runspace.SessionStateProxy.GetVariable("TaskId");
            return (runspace.InstanceId, lastTask);
        }
    }
}

public class ScriptBlockTests
{
    private static ScriptBlockWorkload Create(string script, int tasks, params object?[] arguments) =>
        new(ScriptBlockWorkload.CreateSpec(ScriptBlock.Create(script), tasks), arguments);

    [Fact]
    public void A_ScriptBlock_gets_its_arguments_and_returns_its_output()
    {
        using var workload = Create("param($a, $b) $a + $b; $TaskId", 1, 2, 3);
        var state = workload.CreateWorkerState();
        try
        {
            var output = Assert.IsType<PSObject[]>(workload.Execute(7, workload.CreateInput(7), state, default));
            Assert.Equal([5, 7], output.Select(o => (int)o.BaseObject));
        }
        finally
        {
            workload.ReleaseWorkerState(state);
        }
    }

    [Theory]
    [InlineData(Strategy.Sequential)]
    [InlineData(Strategy.Threads)]
    public void A_ScriptBlock_calls_Utility_cmdlets_in_its_workers_runspace(Strategy strategy)
    {
        // ConvertTo-Json and Get-Date live in Microsoft.PowerShell.Utility, which System.Management.Automation alone does not bring.
        using var workload = Create("param($n) [pscustomobject]@{ Task = $TaskId; N = $n; Day = (Get-Date -Year 2024 -Month 3 -Day 1).DayOfYear } | ConvertTo-Json -Compress", 4, 5);
        var records = InProcess.Run(strategy, 2, workload, 4);

        Assert.All(records, r => Assert.True(r.Status == TaskState.Completed, $"task {r.TaskId}: {r.Error}"));
        Assert.Equal(Enumerable.Range(1, 4).Select(t => $$"""{"Task":{{t}},"N":5,"Day":61}"""), records.Select(r => (string)InProcess.Single(r)!));
    }

    [Theory]
    [InlineData(Strategy.Sequential, 1)]
    [InlineData(Strategy.Threads, 2)]
    public void Each_task_runs_in_its_workers_runspace_not_the_callers(Strategy strategy, int workers)
    {
        // Sequential runs on this very thread: note whose runspace it had before the run.
        var callers = Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
        // Each task sleeps a little, so every worker takes some: a worker quicker off the mark could take all six.
        using var workload = Create("Start-Sleep -Milliseconds 20; [runspace]::DefaultRunspace.InstanceId", 6);
        var records = InProcess.Run(strategy, workers, workload, 6);

        var runspaces = records.Select(r => (r.WorkerId, Runspace: Assert.IsType<Guid>(InProcess.Single(r)))).ToList();
        Assert.All(runspaces.GroupBy(r => r.WorkerId), g => Assert.Single(g.Select(r => r.Runspace).Distinct()));
        Assert.Equal(workers, runspaces.Select(r => r.Runspace).Distinct().Count());
        Assert.DoesNotContain(callers, runspaces.Select(r => r.Runspace));
    }

    [Fact]
    public void An_error_the_script_throws_fails_the_task_with_its_message()
    {
        using var workload = Create("throw 'no luck'", 1);
        var state = workload.CreateWorkerState();
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => workload.Execute(1, null, state, default));
            Assert.Contains("no luck", error.Message);
        }
        finally
        {
            workload.ReleaseWorkerState(state);
        }
    }

    [Fact]
    public void A_cmdlet_that_writes_an_error_fails_only_its_own_task()
    {
        using var workload = Create("if ($TaskId -eq 2) { Get-Item -LiteralPath /no/such/path-parallelcmdlets } else { $TaskId }", 3);
        var records = InProcess.Run(Strategy.Threads, 2, workload, 3);

        Assert.Equal([TaskState.Completed, TaskState.Failed, TaskState.Completed], records.Select(r => r.Status));
        Assert.Contains("/no/such/path-parallelcmdlets", records[1].Error);
        Assert.Equal([1, 3], records.Where(r => r.Status == TaskState.Completed).Select(r => (int)InProcess.Single(r)!));
    }

    [Fact]
    public void A_ScriptBlock_is_compiled_once_per_worker_and_every_task_calls_that_compiled_block()
    {
        using var workload = Create("[System.Runtime.CompilerServices.RuntimeHelpers]::GetHashCode($MyInvocation.MyCommand.ScriptBlock)", 3);
        var state = workload.CreateWorkerState();
        try
        {
            var blocks = Enumerable.Range(1, 3).Select(task => (int)((PSObject)workload.Execute(task, workload.CreateInput(task), state, default)!).BaseObject).ToList();
            Assert.Single(blocks.Distinct());
        }
        finally
        {
            workload.ReleaseWorkerState(state);
        }
    }

    [Fact]
    public void A_ScriptBlock_that_does_not_parse_in_the_worker_fails_each_task_with_the_parsers_message()
    {
        // Text a ScriptBlock could carry from a caller that has the base type; this process has not.
        var spec = new WorkloadSpec(ScriptBlockWorkload.WorkloadName, 1, 1) { Text = "class D : NoSuchTypeAnywhere { }; 1" };
        using var unparsable = new ScriptBlockWorkload(spec, []);
        var state = unparsable.CreateWorkerState();
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => unparsable.Execute(1, null, state, default));
            Assert.Contains("Unable to find type [NoSuchTypeAnywhere]", error.Message);
        }
        finally
        {
            unparsable.ReleaseWorkerState(state);
        }
    }

    [Fact]
    public void A_ScriptBlock_without_arguments_sends_a_worker_nothing_and_still_runs_with_none()
    {
        using var workload = Create("$args.Count; $TaskId", 1);
        Assert.Null(workload.CreateInput(3));
        Assert.Null(workload.ToWire(workload.CreateInput(3)));
        var state = workload.CreateWorkerState();
        try
        {
            var output = Assert.IsType<PSObject[]>(workload.Execute(3, workload.FromWire(null), state, default));
            Assert.Equal([0, 3], output.Select(o => (int)o.BaseObject));
        }
        finally
        {
            workload.ReleaseWorkerState(state);
        }
    }

    [Fact]
    public void Arguments_and_output_survive_the_trip_as_CLIXML()
    {
        using var workload = Create("$args", 1);
        var wire = Assert.IsType<byte[]>(workload.ToWire(new object[] { 1, "two", new Hashtable { ["three"] = 3 } }));
        var back = Assert.IsType<object[]>(workload.FromWire(wire));

        Assert.Equal(3, back.Length);
        Assert.Equal("two", back[1] is PSObject p ? p.BaseObject : back[1]);
    }

    [Fact]
    public void Using_variables_become_plain_variables_in_code_strings_and_nested_blocks()
    {
        var (text, paths) = UsingVariables.Rewrite("1..$using:limit | % { \"$using:limit $($using:h.a)\" }; @using:splat; $using:env:HOME");

        Assert.Equal("1..${__using_limit} | % { \"${__using_limit} $(${__using_h}.a)\" }; @__using_splat; ${__using_env_HOME}", text);
        Assert.Equal("limit", paths["__using_limit"]);
        Assert.Equal("env:HOME", paths["__using_env_HOME"]);
        Assert.Equal(4, paths.Count);
    }

    [Fact]
    public void Using_values_reach_a_worker_process_serialised_and_its_runspace_before_any_task()
    {
        var script = ScriptBlock.Create("1..$using:limit | Measure-Object -Sum | % Sum");
        var values = new Dictionary<string, object?> { ["__using_limit"] = 4 };
        var spec = ScriptBlockWorkload.CreateSpec(script, tasks: 1, usingValues: values);
        // What a worker process makes of the spec alone: the values come with it, deserialised.
        var worker = new ScriptBlockWorkload(spec);
        var state = worker.CreateWorkerState();
        try
        {
            Assert.Equal(10.0, Convert.ToDouble(worker.Execute(1, Array.Empty<object?>(), state, CancellationToken.None) is PSObject p ? p.BaseObject : null));
        }
        finally
        {
            worker.ReleaseWorkerState(state);
        }
    }
}
