using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Scripting;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.PowerShellTools;

/// <summary>
/// Runs a run's tasks through one of PowerShell's own tools, driven by a short script in a private runspace, the
/// way users write it (ForEach-Object -Parallel, Start-ThreadJob, Start-Job, a RunspacePool). Each task stamps its
/// own start and end; the driver stamps when each was handed over and when its result arrived, so every record
/// is measured, not inferred. Records are handed on as results arrive, on the driver's thread.
/// </summary>
internal abstract class PowerShellToolExecutor(Strategy strategy, int workers, Workload workload, ExecutorOptions options, string modulePath) : IExecutor
{
    private Runspace? driver;
    private double startup;

    /// <summary>The driver script the driver runspace holds as <see cref="DriverFunction"/>, once defined.</summary>
    private string? definedDriver;

    /// <summary>
    /// The driver is a function of the driver runspace, defined before the first run: PowerShell then parses and
    /// compiles it once, as a user's driving function is, instead of at the start of every timed run.
    /// </summary>
    private const string DriverFunction = "Invoke-ParallelCmdletsToolRun";

    public Strategy Strategy => strategy;
    public int Workers => workers;
    public int ThreadsPerWorker => 1;
    public double StartupSeconds => startup;
    public IReadOnlyList<ProcessUsage> ReadWorkerUsage(bool settle) => [];
    public string WorkerRuntime => "";
    public string WorkerGcMode => "";

    protected Workload Workload => workload;
    protected ExecutorOptions Options => options;

    /// <summary>The driver script: param($Count, $Throttle, $Stamps, $Context, $Arguments, $Body) and any of its own.</summary>
    protected abstract string DriverScript(ToolTaskScript task);

    /// <summary>Parameters beyond the common ones, such as the pool.</summary>
    protected virtual void AddParameters(PowerShell shell) { }

    /// <summary>What this tool needs before the first run (a module imported, a pool opened), on the driver runspace.</summary>
    protected virtual void OnStart(Runspace driverRunspace, CancellationToken cancellation) { }

    /// <summary>Called on a stop, from any thread, besides stopping the driver: for what a stop cannot reach by itself.</summary>
    protected virtual void OnStop() { }

    /// <summary>After the timed run, outside its Elapsed: for what the tool leaves winding down since <paramref name="startedUtc"/>.</summary>
    protected virtual void AfterRun(IReadOnlyList<TaskRecord> records, DateTime startedUtc, CancellationToken cancellation) { }

    public void Start(CancellationToken cancellation)
    {
        var problem = ToolTaskScript.FindProblem(workload.Spec.Name, workload is INumericPayloadWorkload, strategy);
        if (problem is not null) throw new InvalidOperationException(problem);
        var begin = options.Clock.GetTimestamp();
        driver = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        driver.Open();
        OnStart(driver, cancellation);
        startup = (options.Clock.GetTimestamp() - begin) / options.Clock.Frequency;
    }

    /// <summary>Runs a command on the driver runspace outside any timed run; its errors are thrown.</summary>
    protected static void RunOnDriver(Runspace runspace, string script)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script);
        shell.Invoke();
        if (shell.Streams.Error.Count > 0) throw new InvalidOperationException(shell.Streams.Error[0].ToString());
    }

    public ExecutedRun Run(int tasks, ITaskSink sink, CancellationToken cancellation)
    {
        if (driver is null) throw new InvalidOperationException("Start the executor before running tasks.");
        var clock = options.Clock;
        var task = ToolTaskScript.For(workload, strategy, modulePath, cancellation, options.Wrapped, options.KeepOutput);
        var stamps = new ToolRunStamps(tasks);
        var lanes = new WorkerLanes(workers);
        var pending = new List<object?>();
        using var output = new PSDataCollection<PSObject>();
        var driverScript = DriverScript(task);
        if (driverScript != definedDriver)
        {
            RunOnDriver(driver, $"function global:{DriverFunction} {{\n{driverScript}\n}}");
            definedDriver = driverScript;
        }
        using var shell = PowerShell.Create();
        shell.Runspace = driver;
        // A function has a scope of its own, as a user's driving code has: dot-sourced, every statement of the
        // submission loop would look its variables up by name, at a cost per task no user pays.
        shell.AddCommand(DriverFunction)
            .AddParameter("Count", tasks).AddParameter("Throttle", workers).AddParameter("Stamps", stamps)
            .AddParameter("Context", task.Context).AddParameter("Arguments", task.Arguments).AddParameter("Body", task.WithParameters);
        AddParameters(shell);
        var startedUtc = DateTime.UtcNow;
        var run = new RunState(tasks, clock);

        void Received(ToolTaskReport report, object? taskOutput)
        {
            if (report.TaskId < 1 || report.TaskId > tasks || run.Has(report.TaskId)) return;
            var submitted = Math.Max(0, run.Since(stamps.SubmittedAt(report.TaskId)));
            var start = run.Since(report.Start);
            var record = run.Template with
            {
                TaskId = report.TaskId,
                WorkerId = lanes.Take(report.Start, report.End),
                ProcessId = report.ProcessId,
                ThreadId = report.ThreadId,
                Submitted = submitted,
                Start = start,
                End = run.Since(report.Received),
                TransferOut = Math.Max(0, (report.Received - report.End) / clock.Frequency),
                CpuSeconds = report.CpuSeconds,
                Status = report.Failure is null ? TaskState.Completed : TaskState.Failed,
                Error = report.Failure,
                Output = options.KeepOutput ? taskOutput : null,
            };
            run.Record(record);
            sink.TaskFinished(record);
        }

        // An error the driver caught for a task: it fails the report the task began (its end stamp, if it got
        // there, stands), or, when the task never reached its end, ends it now, as the caller learns of it.
        stamps.OnFailure = (taskId, error) =>
        {
            var received = clock.GetTimestamp();
            var report = (task.Context as ToolTaskContext)?.Started(taskId) ?? new ToolTaskReport(taskId, received, 0, 0, 0, null, null);
            report.Fail(error);
            if (report.End != 0) return; // finished: its report follows down the stream, now failed
            report.EndUnfinished(received);
            report.Received = received;
            Received(report, null);
        };

        output.DataAdded += (_, e) =>
        {
            var received = clock.GetTimestamp();
            var item = output[e.Index];
            switch (item?.BaseObject)
            {
                case ToolTaskReport report:
                    report.Received = received;
                    Received(report, task.StreamsOutput ? PowerShellTask.OutputOf(pending) : report.Output);
                    pending.Clear();
                    break;
                case string line when task.OutOfProcess && ToolTaskReport.TryParseStamp(line, PowerShellTask.OutputOf(pending), out var stamped):
                    pending.Clear();
                    stamped.Received = received;
                    Received(stamped, stamped.Output);
                    break;
                default:
                    // A task whose output goes down the tool's stream sends it before its report; kept only when asked for.
                    if (task.StreamsOutput && options.KeepOutput) pending.Add(item);
                    break;
            }
        };

        var stopped = false;
        string? toolError = null;
        using (cancellation.Register(() =>
        {
            stopped = true;
            try { shell.BeginStop(null, null); } catch (ObjectDisposedException) { }
            OnStop();
        }))
        {
            try
            {
                shell.Invoke<PSObject, PSObject>(null, output, null);
                if (shell.Streams.Error.Count > 0) toolError = shell.Streams.Error[0].ToString();
            }
            catch (PipelineStoppedException) when (stopped)
            {
            }
            catch (RuntimeException e) when (!stopped)
            {
                toolError = e.ErrorRecord?.ToString() ?? e.Message;
            }
            catch (Exception) when (stopped)
            {
                // The stop closed what the driver was waiting on (a pool): the run was stopped.
            }
        }
        if (stopped || toolError is not null) RemoveLeftovers();
        if (toolError is not null && !Enumerable.Range(1, tasks).Any(run.Has))
            throw new InvalidOperationException($"{strategy} could not run the tasks: {toolError}");
        var finished = run.Finish(taskId => run.Template with
        {
            TaskId = taskId,
            Status = stopped ? TaskState.Cancelled : TaskState.Failed,
            Error = stopped ? "The run was stopped." : $"{strategy} returned no result for this task{(toolError is null ? "." : $": {toolError}")}",
        });
        if (!stopped) AfterRun(finished, startedUtc, cancellation);
        return new ExecutedRun { Records = finished };
    }

    /// <summary>After a stop or a failure: every job this driver made is stopped and removed (its process ended).</summary>
    private void RemoveLeftovers()
    {
        if (driver is not { RunspaceStateInfo.State: RunspaceState.Opened }) return;
        try
        {
            RunOnDriver(driver, "Get-Job | Remove-Job -Force");
        }
        catch (Exception e) when (e is InvalidOperationException or RuntimeException)
        {
            // Nothing left to remove, or the runspace is going: Dispose closes it.
        }
    }

    public virtual void Dispose()
    {
        OnStop();
        RemoveLeftovers();
        driver?.Dispose();
        driver = null;
    }
}

/// <summary>ForEach-Object -Parallel: the task ids piped in, -ThrottleLimit the workers, results out of its pipeline.</summary>
internal sealed class ForEachParallelExecutor(int workers, Workload workload, ExecutorOptions options, string modulePath)
    : PowerShellToolExecutor(Strategy.ForEachParallel, workers, workload, options, modulePath)
{
    protected override string DriverScript(ToolTaskScript task) =>
        "param($Count, $Throttle, $Stamps, $Context, $Arguments, $Body)\n" +
        "& { foreach ($__i in 1..$Count) { $Stamps.Submit($__i); $__i } } | ForEach-Object -ThrottleLimit $Throttle" +
        (Options.UseNewRunspace ? " -UseNewRunspace" : "") + " -Parallel {\n" + task.ForEachParallelBody + "\n}\n";
}

/// <summary>Start-ThreadJob per task with -ThrottleLimit the workers, then Receive-Job -Wait -AutoRemoveJob.</summary>
internal sealed class ThreadJobExecutor(int workers, Workload workload, ExecutorOptions options, string modulePath)
    : PowerShellToolExecutor(Strategy.ThreadJob, workers, workload, options, modulePath)
{
    protected override void OnStart(Runspace driverRunspace, CancellationToken cancellation)
    {
        try
        {
            RunOnDriver(driverRunspace, "Import-Module -Name Microsoft.PowerShell.ThreadJob -ErrorAction Stop");
        }
        catch (Exception e) when (e is InvalidOperationException or RuntimeException)
        {
            throw new InvalidOperationException($"Start-ThreadJob is not available in this PowerShell ({e.Message}). It ships with PowerShell 7; on Windows PowerShell install the ThreadJob module.", e);
        }
    }

    protected override string DriverScript(ToolTaskScript task) => $$"""
        param($Count, $Throttle, $Stamps, $Context, $Arguments, $Body)
        $__task = [scriptblock]::Create($Body)
        $__size = $Context.Size
        $__jobs = foreach ($__i in 1..$Count) {
            $Stamps.Submit($__i)
            Start-ThreadJob -ScriptBlock $__task -ArgumentList (@({{(task.PassesSize ? "$__i, $__size, $Context" : "$__i, $Context")}}) + $Arguments) -ThrottleLimit $Throttle
        }
        $__jobs | Receive-Job -Wait -AutoRemoveJob
        """;
}

/// <summary>Start-Job per task, at most Workers running (Wait-Job -Any, Receive-Job, then the next), as users throttle it.</summary>
internal sealed class JobExecutor(int workers, Workload workload, ExecutorOptions options, string modulePath)
    : PowerShellToolExecutor(Strategy.Job, workers, workload, options, modulePath)
{
    /// <summary>How long the run's job processes may take to exit after their results arrived.</summary>
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A job's pwsh exits only after Receive-Job has its results; waiting for it here keeps its exit out of the
    /// next strategy's run, where it would read as other load on the machine.
    /// </summary>
    protected override void AfterRun(IReadOnlyList<TaskRecord> records, DateTime startedUtc, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + ExitWait;
        foreach (var pid in records.Select(r => r.ProcessId).Where(p => p > 0 && p != Environment.ProcessId).Distinct())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || cancellation.IsCancellationRequested) return;
                process.WaitForExitAsync(cancellation).Wait(left);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or AggregateException)
            {
                // Already gone (or the run was stopped): nothing to wait for.
            }
        }
        // PowerShell ends a job's process rather than letting it exit, so its host socket stays in the temp folder:
        // remove those of this run's ended job processes, as the module does for its own pwsh workers.
        var since = startedUtc - TimeSpan.FromSeconds(1); // file times may be coarser than a run
        foreach (var pid in records.Select(r => r.ProcessId).Where(p => p > 0 && p != Environment.ProcessId).Distinct())
            Executors.PowerShellHostPipe.RemoveLeftSince(pid, since);
    }

    protected override string DriverScript(ToolTaskScript task) => """
        param($Count, $Throttle, $Stamps, $Context, $Arguments, $Body)
        $__task = [scriptblock]::Create($Body)
        $__size = $Context.Size
        $__running = [System.Collections.Generic.List[object]]::new()
        function Receive-First {
            $__done = Wait-Job -Job $__running -Any
            $null = $__running.Remove($__done)
            Receive-Job -Job $__done -Wait -AutoRemoveJob
        }
        foreach ($__i in 1..$Count) {
            while ($__running.Count -ge $Throttle) { Receive-First }
            $Stamps.Submit($__i)
            $__running.Add((Start-Job -ScriptBlock $__task -ArgumentList (@($__i, $__size, $Context) + $Arguments)))
        }
        while ($__running.Count -gt 0) { Receive-First }
        """;
}

/// <summary>A RunspacePool of Workers runspaces, opened before the timed runs; one PowerShell per task with BeginInvoke, then EndInvoke in order.</summary>
internal sealed class RunspacePoolExecutor(int workers, Workload workload, ExecutorOptions options, string modulePath)
    : PowerShellToolExecutor(Strategy.RunspacePool, workers, workload, options, modulePath)
{
    private RunspacePool? pool;

    protected override void OnStart(Runspace driverRunspace, CancellationToken cancellation)
    {
        pool = RunspaceFactory.CreateRunspacePool(InitialSessionState.CreateDefault2());
        pool.SetMaxRunspaces(Workers);
        pool.SetMinRunspaces(Workers);
        pool.Open();
    }

    // The fixed form users write to give the script a scope of its own: AddScript(script, $true).
    protected override void AddParameters(PowerShell shell) => shell.AddParameter("Pool", pool).AddParameter("LocalScope", Options.Wrapped);

    protected override void OnStop()
    {
        // EndInvoke is a .NET call a stop cannot interrupt; closing the pool ends what it waits on.
        try { pool?.Close(); } catch (Exception e) when (e is InvalidOperationException or InvalidRunspacePoolStateException) { }
    }

    protected override string DriverScript(ToolTaskScript task) => $$"""
        param($Count, $Throttle, $Stamps, $Context, $Arguments, $Body, $Pool, $LocalScope)
        $__size = $Context.Size
        $__running = [System.Collections.Generic.List[object]]::new()
        foreach ($__i in 1..$Count) {
            $__shell = [powershell]::Create()
            $__shell.RunspacePool = $Pool
            $null = $__shell.AddScript($Body, $LocalScope).AddArgument($__i){{(task.PassesSize ? ".AddArgument($__size)" : "")}}.AddArgument($Context)
            foreach ($__a in $Arguments) { $null = $__shell.AddArgument($__a) }
            $Stamps.Submit($__i)
            $__running.Add([System.Tuple]::Create($__shell, $__shell.BeginInvoke(), $__i))
        }
        foreach ($__r in $__running) {
            try { $__out = $__r.Item1.EndInvoke($__r.Item2) } catch { $__out = $null; $Stamps.Fail($__r.Item3, $_) }
            if ($__r.Item1.HadErrors) { $Stamps.Fail($__r.Item3, $__r.Item1.Streams.Error[0]) }
            $__r.Item1.Dispose()
            $__out
        }
        """;

    public override void Dispose()
    {
        base.Dispose();
        pool?.Dispose();
        pool = null;
    }
}
