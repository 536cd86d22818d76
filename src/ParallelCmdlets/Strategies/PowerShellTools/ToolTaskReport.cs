using System.Diagnostics;

namespace ParallelCmdlets.PowerShellTools;

/// <summary>
/// What one task run by an in-process PowerShell tool hands back: its own start and end stamps (Stopwatch
/// timestamps, the clock the whole module uses), its thread's CPU, and its output or failure. Made by the task
/// script itself, so public; the receiving side stamps when the caller held it.
/// </summary>
public sealed class ToolTaskReport(int taskId, long start, long end, double cpuSeconds, int threadId, string? failure, object? output)
{
    public int TaskId { get; } = taskId;
    public long Start { get; } = start;
    public long End { get; private set; } = end;
    public double CpuSeconds { get; private set; } = cpuSeconds;
    public int ThreadId { get; } = threadId;
    public int ProcessId { get; init; } = Environment.ProcessId;

    /// <summary>The error that failed the task; PowerShell passes a $null string as "", so both mean none.</summary>
    public string? Failure { get; private set; } = string.IsNullOrEmpty(failure) ? null : failure;

    /// <summary>The task's output when it was handed back here; null when it went down the tool's own output stream.</summary>
    public object? Output { get; set; } = output;

    /// <summary>
    /// Starts a report for a task whose script is the user's own code between <see cref="Begin"/> and
    /// <see cref="Finish"/>: its output goes down the tool's stream as it would bare.
    /// </summary>
    public static ToolTaskReport Begin(int taskId)
    {
        var cpu = Measurement.CpuClock.ThreadSeconds();
        return new ToolTaskReport(taskId, Stopwatch.GetTimestamp(), 0, cpu, Environment.CurrentManagedThreadId, null, null);
    }

    /// <summary>The task's own error (the ErrorRecord its script caught); the first one counts.</summary>
    public void Fail(object error) => Failure ??= error.ToString();

    /// <summary>Ends a task that failed before its own end stamp, when the caller learned of it; its thread's CPU is not known.</summary>
    internal void EndUnfinished(long end)
    {
        End = end;
        CpuSeconds = 0;
    }

    /// <summary>Stamps the end; CpuSeconds turns from the start's reading into the CPU used.</summary>
    public ToolTaskReport Finish()
    {
        End = Stopwatch.GetTimestamp();
        CpuSeconds = Measurement.CpuClock.ThreadSeconds() - CpuSeconds;
        return this;
    }

    /// <summary>When the caller held the result: stamped on the receiving side.</summary>
    public long Received { get; set; }

    /// <summary>
    /// Reads the stamp line a task run by Start-Job writes after its output (the module is not loaded there):
    /// "ParallelCmdlets.TaskStamp;id;start;end;cpu;pid;thread;failure".
    /// </summary>
    public static bool TryParseStamp(string line, object? output, out ToolTaskReport report)
    {
        report = null!;
        if (!line.StartsWith(StampPrefix, StringComparison.Ordinal)) return false;
        var parts = line[StampPrefix.Length..].Split(';', 7);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (parts.Length < 7 || !int.TryParse(parts[0], c, out var id) || !long.TryParse(parts[1], c, out var start) ||
            !long.TryParse(parts[2], c, out var end) || !double.TryParse(parts[3], System.Globalization.NumberStyles.Float, c, out var cpu) ||
            !int.TryParse(parts[4], c, out var pid) || !int.TryParse(parts[5], c, out var thread))
            return false;
        report = new ToolTaskReport(id, start, end, cpu, thread, parts[6].Length == 0 ? null : parts[6], output) { ProcessId = pid };
        return true;
    }

    public const string StampPrefix = "ParallelCmdlets.TaskStamp;";

    /// <summary>The stamp line <see cref="TryParseStamp"/> reads, as a task that runs this assembly writes it (<see cref="JobTask"/>).</summary>
    public static string StampLine(int taskId, long start, long end, double cpuSeconds, int processId, int threadId, string? failure) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{StampPrefix}{taskId};{start};{end};{cpuSeconds:R};{processId};{threadId};{failure}");

    /// <summary>
    /// The script a task runs on a remote host, where this assembly may not be (a job's task calls <see cref="JobTask"/>): the invocation
    /// between a start and an end stamp, any error failing the task, its output written after the end stamp (so
    /// serialising it counts as getting the result back), then the stamp line <see cref="TryParseStamp"/> reads.
    /// Reads $TaskId. The process's CPU is read through Process, which hosts on .NET 8 (PowerShell 7.4) have
    /// (Environment.CpuUsage is newer), as ticks: in a new process each member PowerShell first binds costs its
    /// reflection, and two reads with TimeSpan arithmetic (op_Subtraction, TotalSeconds) took about 31 ms in a fresh
    /// pwsh, against 12 ms as ticks.
    /// </summary>
    public static string StampedScript(string invocation) => $$"""
        $__failure = ''
        $__cpu = {{ProcessCpuTicks}}
        $__start = [System.Diagnostics.Stopwatch]::GetTimestamp()
        try { $__output = & { $ErrorActionPreference = 'Stop'; {{invocation}} } }
        catch { $__failure = "$_"; $__output = $null }
        $__end = [System.Diagnostics.Stopwatch]::GetTimestamp()
        $__cpu = ({{ProcessCpuTicks}} - $__cpu) / 1e7
        if ($__output -is [System.Array] -and $__output -isnot [object[]]) { Write-Output -NoEnumerate $__output } else { $__output }
        "{{StampPrefix}}$TaskId;$__start;$__end;$__cpu;$PID;$([System.Environment]::CurrentManagedThreadId);$__failure"

        """;

    private const string ProcessCpuTicks = "[System.Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.Ticks";
}

/// <summary>
/// What the driver script tells the executor as it goes: when each task was handed to the tool (it calls
/// <see cref="Submit"/> just before), and a task whose error reached the driver rather than its report.
/// </summary>
public sealed class ToolRunStamps(int tasks)
{
    private readonly long[] submitted = new long[tasks];

    public void Submit(int taskId) => submitted[taskId - 1] = Stopwatch.GetTimestamp();

    public long SubmittedAt(int taskId) => submitted[taskId - 1];

    /// <summary>Set by the executor: called on the driver's thread with the task and its error.</summary>
    internal Action<int, object>? OnFailure { get; set; }

    public void Fail(int taskId, object error) => OnFailure?.Invoke(taskId, error);
}
