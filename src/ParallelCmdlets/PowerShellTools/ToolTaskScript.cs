using System.Collections;
using ParallelCmdlets.Scripting;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.PowerShellTools;

/// <summary>
/// The script each task runs under one of PowerShell's tools: the workload's own code, wrapped so the task stamps
/// its own start and end on the monotonic clock and turns any error into a failure of that task. Built once per
/// run from the workload; the tool is then used as users use it.
/// </summary>
internal sealed class ToolTaskScript
{
    private ToolTaskScript(string core, object context, object?[] arguments, bool outOfProcess)
    {
        Core = core;
        Context = context;
        Arguments = arguments;
        OutOfProcess = outOfProcess;
    }

    /// <summary>The task's body after its prolog has set $__id, $__context and $__arguments.</summary>
    public string Core { get; }

    /// <summary>Handed to every task: a <see cref="ToolTaskContext"/> in this process, a hashtable of plain values for Start-Job.</summary>
    public object Context { get; }

    /// <summary>The ScriptBlock's -ArgumentList, handed to each task as the tool passes arguments.</summary>
    public object?[] Arguments { get; }

    public bool OutOfProcess { get; }

    /// <summary>The body as a script with parameters: param($__id, $__context), the arguments following.</summary>
    public string WithParameters => "param($__id, $__context)\n$__arguments = $args\n" + Core;

    /// <summary>The body as ForEach-Object -Parallel takes it: the task id as input, the rest through $using:.</summary>
    public string ForEachParallelBody => "$__id = $_\n$__context = $using:Context\n$__arguments = $using:Arguments\n" + Core;

    /// <summary>Why this workload cannot run under the strategy, or null when it can.</summary>
    public static string? FindProblem(string workloadName, Strategy strategy)
    {
        if (strategy == Strategy.Job && workloadName.Equals(TransferWorkload.Info.Name, StringComparison.OrdinalIgnoreCase))
            return $"{workloadName} hands every task a large array, and Start-Job would serialise it element by element into each new process. Measure {workloadName} with -Strategy Processes or one of the in-process tools (ForEachParallel, ThreadJob, RunspacePool), or return data from your own -ScriptBlock.";
        return null;
    }

    public static ToolTaskScript For(Workload workload, Strategy strategy, string modulePath, CancellationToken cancellation)
    {
        var outOfProcess = strategy == Strategy.Job;
        var size = workload.Spec.Size;
        string invocation;
        object?[] arguments = [];
        var setup = "";
        switch (workload)
        {
            case ScriptBlockWorkload script:
                invocation = "$Size = $__context.Size\n$TaskId = $__id\n& {\n" + script.Spec.Text + "\n} @__arguments";
                arguments = script.Arguments;
                break;
            case ScriptLoopWorkload:
                invocation = "& {\n" + ScriptLoopWorkload.Script + "\n} $__context.Size";
                break;
            default:
                // A compiled workload: in this process the task calls the live workload; in a job's new process
                // the module is imported and the workload made there first, before the task's start stamp.
                if (outOfProcess)
                    setup = "Import-Module -Name $__context.Module\n" +
                            "$__w = [ParallelCmdlets.Scripting.PowerShellWorkloads]::CreateWorkerCatalog().Create([ParallelCmdlets.Workloads.WorkloadSpec]::new($__context.Name, $__context.Size, $__context.Tasks))\n" +
                            "$__w.PrepareLocal()\n";
                else
                    setup = "$__w = $__context.Workload\n";
                var token = outOfProcess ? "[System.Threading.CancellationToken]::None" : "$__context.Cancellation";
                invocation = $"$__r = $__w.Execute($__id, $__w.CreateInput($__id), $null, {token})\nif ($null -ne $__r) {{ ,$__r }}";
                break;
        }
        var context = outOfProcess
            ? (object)new Hashtable { ["Size"] = size, ["Name"] = workload.Spec.Name, ["Tasks"] = workload.Spec.Tasks, ["Module"] = modulePath }
            : new ToolTaskContext(size, workload, cancellation);
        return new ToolTaskScript(setup + Wrap(invocation, outOfProcess), context, arguments, outOfProcess);
    }

    /// <summary>
    /// Stamps around the invocation. In this process the task returns one <see cref="ToolTaskReport"/>; in a job
    /// it writes its output after its end stamp (so serialising it counts as getting the result back), then one
    /// stamp line, since the module is not loaded there.
    /// </summary>
    private static string Wrap(string invocation, bool outOfProcess)
    {
        var cpu = outOfProcess
            ? "[System.Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds"
            : "[ParallelCmdlets.Measurement.CpuClock]::ThreadSeconds()";
        var run = $$"""
            $__failure = $null
            $__output = $null
            $__cpu = {{cpu}}
            $__start = [System.Diagnostics.Stopwatch]::GetTimestamp()
            try {
                $__output = & {
                    $ErrorActionPreference = 'Stop'
            {{invocation}}
                }
            }
            catch {
                $__failure = $_.ToString()
            }
            $__end = [System.Diagnostics.Stopwatch]::GetTimestamp()
            $__cpu = {{cpu}} - $__cpu

            """;
        if (!outOfProcess)
            return run + "[ParallelCmdlets.PowerShellTools.ToolTaskReport]::new($__id, $__start, $__end, $__cpu, [System.Environment]::CurrentManagedThreadId, $__failure, $__output)\n";
        return run + $$"""
            if ($__output -is [array] -and $__output.GetType().GetElementType().IsPrimitive) { Write-Output -NoEnumerate $__output } else { $__output }
            '{{ToolTaskReport.StampPrefix}}{0};{1};{2};{3};{4};{5};{6}' -f $__id, $__start, $__end, $__cpu.ToString([cultureinfo]::InvariantCulture), $PID, [System.Environment]::CurrentManagedThreadId, ($__failure -replace '[\r\n]+', ' ')

            """;
    }
}

/// <summary>What every task of an in-process tool reads: passed by reference, as those tools pass arguments.</summary>
public sealed class ToolTaskContext(long size, Workload workload, CancellationToken cancellation)
{
    public long Size { get; } = size;
    public Workload Workload { get; } = workload;
    public CancellationToken Cancellation { get; } = cancellation;
}
