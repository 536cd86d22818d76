namespace ParallelCmdlets.Commands;

/// <summary>Stable FullyQualifiedErrorId stems: scripts and tests match on these.</summary>
internal static class ErrorIds
{
    public const string WorkersOutOfRange = nameof(WorkersOutOfRange);
    public const string ThreadsPerWorkerOutOfRange = nameof(ThreadsPerWorkerOutOfRange);
    public const string ThreadsPerWorkerNeedsProcesses = nameof(ThreadsPerWorkerNeedsProcesses);
    public const string TasksOutOfRange = nameof(TasksOutOfRange);
    public const string SizeOutOfRange = nameof(SizeOutOfRange);
    public const string RepeatOutOfRange = nameof(RepeatOutOfRange);
    public const string WarmupOutOfRange = nameof(WarmupOutOfRange);
    public const string TimeoutOutOfRange = nameof(TimeoutOutOfRange);
    public const string UnknownWorkload = nameof(UnknownWorkload);
    public const string ScriptBlockUsesUsing = nameof(ScriptBlockUsesUsing);
    public const string NotEnoughMemory = nameof(NotEnoughMemory);
    public const string TaskFailed = nameof(TaskFailed);
    public const string RunFailed = nameof(RunFailed);
    public const string FileExists = nameof(FileExists);
    public const string UnsupportedExtension = nameof(UnsupportedExtension);
    public const string NoTaskRecords = nameof(NoTaskRecords);
}
