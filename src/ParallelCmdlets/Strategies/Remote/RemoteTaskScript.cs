using ParallelCmdlets.PowerShellTools;
using ParallelCmdlets.Scripting;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Remoting;

/// <summary>
/// What a task runs on another host. Each session gets one function, defined before the timed runs, that stamps
/// the task's start and end on that host's monotonic clock around the work, reads its process's CPU, writes the
/// work's output as remoting serialises it, and then one stamp line ("ParallelCmdlets.TaskStamp;…", as a job's
/// task writes it). Per task, only the function's name and the task's arguments cross.
/// </summary>
internal static class RemoteTaskScript
{
    public const string FunctionName = "__ParallelCmdletsRemoteTask";

    /// <summary>Why this workload cannot run remotely, or null when it can (compiled ones also need the module there, checked per host).</summary>
    /// <param name="numericPayload">Each task's argument and result are large arrays of doubles (<see cref="WorkloadInfo.NumericPayload"/>).</param>
    public static string? FindProblem(string workloadName, bool numericPayload)
    {
        if (numericPayload)
            return $"{workloadName} hands every task an 80 MB array, and remoting would serialise it element by element both ways (about 2 s per 8 MB). Measure it with -Strategy Processes, or return data from your own -ScriptBlock to see what remoting costs.";
        return null;
    }

    /// <summary>Whether the workload runs as PowerShell there (no module needed) rather than as the module's compiled code.</summary>
    public static bool RunsAsScript(Workload workload) => workload is ScriptBlockWorkload or ScriptLoopWorkload or SleepWorkload;

    /// <summary>The function definition for one session, run once on it before any timed run.</summary>
    public static string Definition(Workload workload)
    {
        var invocation = workload switch
        {
            ScriptBlockWorkload user => "& {\n" + user.Spec.Text + "\n} @__arguments",
            ScriptLoopWorkload => "$null = & {\n" + ScriptLoopWorkload.Script + "\n} $Size",
            SleepWorkload => "Start-Sleep -Milliseconds $Size",
            _ => "$__r = $global:__ParallelCmdletsWorkload.Execute($TaskId, $global:__ParallelCmdletsWorkload.CreateInput($TaskId), $global:__ParallelCmdletsState, [System.Threading.CancellationToken]::None); if ($null -ne $__r) { ,$__r }",
        };
        return $"function global:{FunctionName} {{\n    param($TaskId, $Size)\n    $__arguments = $args\n" +
               ToolTaskReport.StampedScript(invocation) + "}\n";
    }

    /// <summary>
    /// For a compiled workload: imports the module (the version running here, or fails) and makes the workload
    /// in the session, outside any timed run. Parameters: $Module, $Version, $Name, $Size, $Tasks.
    /// </summary>
    public const string CompiledSetup = """
        param($Module, $Version, $Name, $Size, $Tasks)
        $found = @(Get-Module -ListAvailable -Name $Module | Where-Object { "$($_.Version)" -eq $Version })
        if ($found.Count -eq 0) {
            $other = @(Get-Module -ListAvailable -Name $Module | ForEach-Object { "$($_.Version)" })
            "missing;$($other -join ', ')"
            return
        }
        Import-Module -Name $found[0].Path -ErrorAction Stop
        $global:__ParallelCmdletsWorkload = [ParallelCmdlets.Scripting.PowerShellWorkloads]::CreateWorkerCatalog().Create([ParallelCmdlets.Workloads.WorkloadSpec]::new($Name, $Size, $Tasks))
        $global:__ParallelCmdletsWorkload.PrepareShared()
        $global:__ParallelCmdletsWorkload.PrepareLocal()
        $global:__ParallelCmdletsState = $global:__ParallelCmdletsWorkload.CreateWorkerState()
        "ready"
        """;

    /// <summary>One clock sample's remote half, the host's clock frequency, and its cores and machine name.</summary>
    public const string ClockProbe = "[System.Diagnostics.Stopwatch]::GetTimestamp(); [System.Diagnostics.Stopwatch]::Frequency; [System.Environment]::ProcessorCount; [System.Environment]::MachineName";
}
