using System.Collections;
using System.Diagnostics;
using System.Management.Automation;

namespace ParallelCmdlets.PowerShellTools;

/// <summary>
/// A task in a job's new pwsh, where the module is not imported: the job's script names this assembly (`using
/// assembly`) and makes one call, which stamps the task's start and end, reads the process's CPU, runs the user's
/// block (or the compiled workload) and hands back its output followed by the stamp line
/// <see cref="ToolTaskReport.TryParseStamp"/> reads.
/// </summary>
/// <remarks>
/// Every statement of a job's script is compiled cold in each new process, and each first member access there pays
/// its binding: the same stamps written in script (CPU reads, try/catch, the array check, the thread id) cost about
/// 110–140 ms of CPU a job beyond the bare tool's `param($x) $x`, this call about 50–60 ms (30 alternating single jobs
/// each, bench/experiments/JobTaskScriptCost.ps1). A script's task does not load the core library, which the
/// compiled workloads need.
/// </remarks>
public static class JobTask
{
    /// <summary>
    /// Runs one task of the user's <paramref name="script"/> with <paramref name="arguments"/> and returns what the
    /// job writes: the task's output items, then the stamp line. An error fails the task alone; the job script's
    /// $ErrorActionPreference of 'Stop' makes every error of the block end it, as in the other tools.
    /// </summary>
    public static object?[] Run(int taskId, ScriptBlock script, object?[]? arguments) =>
        Stamped(taskId, () => script.Invoke(arguments ?? []).Cast<object?>().ToList(), e => e.Message);

    /// <summary>As <see cref="Run"/>, for the compiled workload <paramref name="context"/> names, made before the start stamp.</summary>
    public static object?[] RunWorkload(int taskId, IDictionary context)
    {
        var spec = new Workloads.WorkloadSpec((string)context["Name"]!, Convert.ToInt64(context["Size"], System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt32(context["Tasks"], System.Globalization.CultureInfo.InvariantCulture));
        var workload = Scripting.PowerShellWorkloads.CreateWorkerCatalog().Create(spec);
        workload.PrepareLocal();
        return Stamped(taskId, () => workload.Execute(taskId, workload.CreateInput(taskId), null, CancellationToken.None) is { } result ? [result] : [],
            Executors.TaskErrors.Describe);
    }

    private static object?[] Stamped(int taskId, Func<IList<object?>> run, Func<Exception, string> describe)
    {
        string? failure = null;
        IList<object?> output = [];
        var cpu = ProcessCpu();
        var start = Stopwatch.GetTimestamp();
        try
        {
            output = run();
        }
        catch (RuntimeException e)
        {
            failure = e.ErrorRecord?.ToString() ?? e.Message;
        }
        catch (Exception e)
        {
            failure = describe(e);
        }
        var end = Stopwatch.GetTimestamp();
        var cpuSeconds = (ProcessCpu() - cpu).TotalSeconds;
        var written = new object?[output.Count + 1];
        output.CopyTo(written, 0);
        written[^1] = ToolTaskReport.StampLine(taskId, start, end, cpuSeconds, Environment.ProcessId, Environment.CurrentManagedThreadId, failure);
        return written;
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
