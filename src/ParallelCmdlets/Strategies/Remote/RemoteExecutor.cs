using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.PowerShellTools;
using ParallelCmdlets.Scripting;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Remoting;

/// <summary>
/// Runs tasks in PowerShell remoting sessions on other hosts: every session is one worker lane taking the next
/// task from one shared queue, and each task is one remote invocation (a real round trip), its arguments and
/// results serialised as remoting does. The task stamps its own start and end on its host's clock; the lane
/// stamps the hand-over and the receipt here, and the host's stamps are mapped onto this clock (Cristian's
/// method) before the timed runs. A session that breaks fails its task naming the host; the others go on.
/// </summary>
internal sealed class RemoteExecutor(RemoteTarget target, int workersPerHost, Workload workload, ExecutorOptions options) : IExecutor
{
    private readonly List<RemoteLane> lanes = [];
    private Runspace? driver;
    private double startup;
    private long argumentBytes;

    public Strategy Strategy => Strategy.Remote;
    public int Workers => target.Lanes(workersPerHost);
    public int ThreadsPerWorker => 1;
    public double StartupSeconds => startup;
    public IReadOnlyList<ProcessUsage> ReadWorkerUsage(bool settle) => [];
    public string WorkerRuntime => "";
    public string WorkerGcMode => "";

    public void Start(CancellationToken cancellation)
    {
        if (RemoteTaskScript.FindProblem(workload.Spec.Name, workload is INumericPayloadWorkload) is { } problem) throw new InvalidOperationException(problem);
        var begin = options.Clock.GetTimestamp();
        driver = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        driver.Open();
        RemoteSessions.Open(driver, target, workersPerHost, lanes, cancellation);
        RemoteSessions.Prepare(lanes, RemoteTaskScript.Definition(workload), RemoteTaskScript.RunsAsScript(workload) ? null : PrepareCompiled, cancellation);
        // The $using: values, serialised by remoting as Invoke-Command's would be, into every session's global scope.
        if (workload is ScriptBlockWorkload { UsingValues.Count: > 0 } user)
            foreach (var lane in lanes) RemoteSessions.Run(lane, UsingVariables.SetGlobally, cancellation, UsingVariables.ToHashtable(user.UsingValues));
        // -InitializationScript: once in every session, as in every worker runspace of Threads and Processes, before timing.
        if ((workload as ScriptBlockWorkload)?.InitializationScript is { } initialization)
            foreach (var lane in lanes) RemoteSessions.Run(lane, initialization, cancellation);
        argumentBytes = ClixmlBytes((workload as ScriptBlockWorkload)?.Arguments);
        startup = (options.Clock.GetTimestamp() - begin) / options.Clock.Frequency;
    }

    /// <summary>A compiled workload runs on a host only when the module there is this very version; otherwise the host is named and refused.</summary>
    private string? PrepareCompiled(RemoteLane lane)
    {
        var said = RemoteSessions.Run(lane, RemoteTaskScript.CompiledSetup, CancellationToken.None,
            target.ModuleName, target.ModuleVersion, workload.Spec.Name, workload.Spec.Size, workload.Spec.Tasks);
        var answer = said.Count > 0 ? said[^1]?.BaseObject?.ToString() ?? "" : "";
        if (answer == "ready") return null;
        var versions = answer.StartsWith("missing;", StringComparison.Ordinal) ? answer["missing;".Length..] : "";
        return $"{lane.HostName} does not have {target.ModuleName} {target.ModuleVersion}, which the compiled workload {workload.Spec.Name} needs there" +
               (versions.Length > 0 ? $" (it has {versions})" : "") +
               $". Install that version on {lane.HostName} (Install-Module or copy the module folder into a path of its $env:PSModulePath), or measure a -ScriptBlock, ScriptLoop or Sleep, which run as PowerShell there.";
    }

    public ExecutedRun Run(int tasks, ITaskSink sink, CancellationToken cancellation)
    {
        if (driver is null) throw new InvalidOperationException("Start the executor before running tasks.");
        var live = lanes.Where(l => l.Lost is null).ToList();
        if (live.Count == 0) throw new InvalidOperationException($"Every remoting session was lost: {string.Join("; ", lanes.Select(l => l.Lost).Distinct())}");
        var run = new RunState(tasks, options.Clock);
        var arguments = (workload as ScriptBlockWorkload)?.Arguments ?? [];
        // Results are weighed (their CLIXML size) on a thread of their own, after each task's receipt, so a lane
        // takes its next task at once and the weighing is in no task's times.
        using var weighing = new BlockingCollection<(TaskRecord Record, object? Output)>();
        var weigher = new Thread(() =>
        {
            foreach (var (record, output) in weighing.GetConsumingEnumerable())
            {
                var weighed = record with { BytesOut = ClixmlBytes(output), Output = options.KeepOutput ? output : null };
                run.Record(weighed);
                sink.TaskFinished(weighed);
            }
        }) { IsBackground = true, Name = "ParallelCmdlets remote results" };
        weigher.Start();
        long servingCpu = 0;
        using (cancellation.Register(() => { foreach (var lane in live) try { lane.Current?.BeginStop(null, null); } catch (ObjectDisposedException) { } }))
        {
            var threads = live.Select(lane => new Thread(() =>
            {
                var cpu = CpuClock.ThreadSeconds();
                try
                {
                    RunLane(lane, run, arguments, weighing, cancellation);
                }
                catch (Exception e)
                {
                    // Whatever else a broken session throws ends this lane, never the process; its task is reported lost below.
                    lane.Lost ??= $"the session to {lane.HostName} failed ({e.Message})";
                }
                Interlocked.Add(ref servingCpu, (long)((CpuClock.ThreadSeconds() - cpu) * 1e9));
            }) { IsBackground = true, Name = $"ParallelCmdlets remote {lane.HostName} {lane.Id}" }).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }
        weighing.CompleteAdding();
        weigher.Join();
        var lost = lanes.Where(l => l.Lost is not null).Select(l => l.Lost).Distinct().ToList();
        var records = run.Finish(taskId => cancellation.IsCancellationRequested || lost.Count == 0
            ? run.Untaken(taskId)
            : run.Template with { TaskId = taskId, Status = TaskState.Failed, Error = $"No remoting session was left to run it: {string.Join("; ", lost)}" });
        // The tasks' own CPU on their hosts, beside this process's lanes receiving their results.
        return new ExecutedRun
        {
            Records = records,
            ServingCpuSeconds = servingCpu / 1e9 + records.Sum(r => r.CpuSeconds),
            // The hosts' cores bound what the run can gain, each machine counted once however many names reach it.
            Cores = lanes.GroupBy(l => l.MachineName, StringComparer.OrdinalIgnoreCase).Sum(m => m.First().Cores),
        };
    }

    private void RunLane(RemoteLane lane, RunState run, object?[] arguments, BlockingCollection<(TaskRecord, object?)> results, CancellationToken cancellation)
    {
        var clock = options.Clock;
        while (!cancellation.IsCancellationRequested && lane.Lost is null)
        {
            var taskId = run.TakeNext();
            if (taskId == 0) return;
            using var shell = PowerShell.Create();
            shell.Runspace = lane.Runspace;
            shell.AddCommand(RemoteTaskScript.FunctionName).AddArgument(taskId).AddArgument(workload.Spec.Size);
            foreach (var argument in arguments) shell.AddArgument(argument);
            lane.Current = shell;
            var handedOver = clock.GetTimestamp();
            var template = run.Template with { TaskId = taskId, WorkerId = lane.Id, HostName = lane.HostName, ClockUncertainty = lane.Clock.UncertaintySeconds, Start = run.Since(handedOver), BytesIn = argumentBytes };
            System.Collections.ObjectModel.Collection<PSObject> output;
            try
            {
                output = shell.Invoke();
            }
            catch (Exception) when (cancellation.IsCancellationRequested)
            {
                results.Add((template with { End = run.Since(clock.GetTimestamp()), Status = TaskState.Cancelled, Error = "The run was stopped." }, null));
                return;
            }
            catch (Exception e) when (e is RuntimeException or InvalidOperationException)
            {
                // The session broke (its pwsh or ssh ended, the host went away): this lane is done; the others go on.
                var state = lane.Runspace.RunspaceStateInfo;
                lane.Lost = $"the session to {lane.HostName} broke ({state.Reason?.Message ?? e.Message})";
                results.Add((template with { End = run.Since(clock.GetTimestamp()), Status = TaskState.Failed, Error = $"{lane.HostName}: {lane.Lost}; its in-flight task is lost and the other hosts go on." }, null));
                return;
            }
            finally
            {
                lane.Current = null;
            }
            var received = clock.GetTimestamp();
            results.Add(Received(template, lane, output, shell, handedOver, received, run));
        }
    }

    /// <summary>A task's record from what came back: the host's stamps mapped onto this clock, clamped to the round trip they lie in.</summary>
    private static (TaskRecord, object?) Received(TaskRecord template, RemoteLane lane, IList<PSObject> output, PowerShell shell, long handedOver, long received, RunState run)
    {
        var end = run.Since(received);
        var stampLine = output.Count > 0 ? output[^1]?.BaseObject as string : null;
        var taskOutput = output.Count switch { <= 1 => null, 2 => (object?)output[0], _ => output.Take(output.Count - 1).ToArray() };
        if (stampLine is null || !ToolTaskReport.TryParseStamp(stampLine, taskOutput, out var report) || report.TaskId != template.TaskId)
        {
            var why = shell.Streams.Error.Count > 0 ? shell.Streams.Error[0].ToString() : "no stamp came back";
            return (template with { End = end, Status = TaskState.Failed, Error = $"{lane.HostName}: {why}" }, null);
        }
        var duration = Math.Max(0, end - template.Start);
        var transferIn = Math.Clamp((lane.Clock.ToLocal(report.Start) - handedOver) / run.Clock.Frequency, 0, duration);
        var transferOut = Math.Clamp((received - lane.Clock.ToLocal(report.End)) / run.Clock.Frequency, 0, duration - transferIn);
        var failure = report.Failure ?? (shell.Streams.Error.Count > 0 ? shell.Streams.Error[0].ToString() : null);
        return (template with
        {
            End = end,
            ProcessId = report.ProcessId,
            ThreadId = report.ThreadId,
            TransferIn = transferIn,
            TransferOut = transferOut,
            CpuSeconds = report.CpuSeconds,
            Status = failure is null ? TaskState.Completed : TaskState.Failed,
            Error = failure is null ? null : $"{lane.HostName}: {failure}",
        }, taskOutput);
    }

    /// <summary>The size of a value as CLIXML at remoting's default depth (UTF-8 bytes); 0 for nothing.</summary>
    private static long ClixmlBytes(object? value)
    {
        if (value is null || value is object?[] { Length: 0 }) return 0;
        try
        {
            return System.Text.Encoding.UTF8.GetByteCount(PSSerializer.Serialize(value));
        }
        catch (Exception)
        {
            // Weighing is a measurement of what already arrived: a value PSSerializer cannot write fails no task.
            return 0;
        }
    }

    public void Dispose()
    {
        RemoteSessions.Close(driver, lanes);
        lanes.Clear();
        driver?.Dispose();
        driver = null;
    }
}
