using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Scripting;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Workloads;

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

    [Fact]
    public void ScriptLoop_on_threads_gives_each_worker_its_own_runspace()
    {
        using var workload = new ScriptLoopWorkload(new WorkloadSpec("ScriptLoop", 1000, 4));
        using var executor = new ThreadExecutor(2, workload, TestWorkloads.Options("ScriptLoop"));
        executor.Start(default);
        var result = executor.Run(4, NullTaskSink.Instance, default);
        Assert.All(result.Records, r => Assert.Equal(TaskState.Completed, r.Status));
    }
}

public class ScriptBlockTests
{
    [Fact]
    public void A_ScriptBlock_gets_its_arguments_and_returns_its_output()
    {
        using var workload = new ScriptBlockWorkload(
            ScriptBlockWorkload.CreateSpec(ScriptBlock.Create("param($a, $b) $a + $b; $TaskId"), 1), [2, 3]);
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

    [Fact]
    public void An_error_the_script_throws_fails_the_task_with_its_message()
    {
        using var workload = new ScriptBlockWorkload(ScriptBlockWorkload.CreateSpec(ScriptBlock.Create("throw 'no luck'"), 1), []);
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
    public void Arguments_and_output_survive_the_trip_as_CLIXML()
    {
        using var workload = new ScriptBlockWorkload(ScriptBlockWorkload.CreateSpec(ScriptBlock.Create("$args"), 1), []);
        var wire = Assert.IsType<byte[]>(workload.ToWire(new object[] { 1, "two", new Hashtable { ["three"] = 3 } }));
        var back = Assert.IsType<object[]>(workload.FromWire(wire));

        Assert.Equal(3, back.Length);
        Assert.Equal("two", back[1] is PSObject p ? p.BaseObject : back[1]);
    }

    [Fact]
    public void A_using_variable_is_refused_with_advice()
    {
        var problem = ScriptBlockWorkload.FindProblem(ScriptBlock.Create("$using:x + 1"));
        Assert.NotNull(problem);
        Assert.Contains("$using:x", problem);
        Assert.Contains("-ArgumentList", problem);
    }
}
