using System.Management.Automation;

namespace ParallelCmdlets.Commands;

/// <summary>Stable FullyQualifiedErrorId stems: scripts and tests match on these.</summary>
internal static class ErrorIds
{
    public const string WorkersOutOfRange = nameof(WorkersOutOfRange);
    public const string ThreadsPerWorkerOutOfRange = nameof(ThreadsPerWorkerOutOfRange);
    public const string ThreadsPerWorkerNeedsProcesses = nameof(ThreadsPerWorkerNeedsProcesses);
    public const string TasksOutOfRange = nameof(TasksOutOfRange);
    public const string GcModeNeedsProcesses = nameof(GcModeNeedsProcesses);
    public const string SizeOutOfRange = nameof(SizeOutOfRange);
    public const string RepeatOutOfRange = nameof(RepeatOutOfRange);
    public const string WarmupOutOfRange = nameof(WarmupOutOfRange);
    public const string TimeoutOutOfRange = nameof(TimeoutOutOfRange);
    public const string UnknownWorkload = nameof(UnknownWorkload);
    public const string ScriptBlockReadsCallerVariable = nameof(ScriptBlockReadsCallerVariable);
    public const string InitializationScriptNeedsModuleStrategy = nameof(InitializationScriptNeedsModuleStrategy);
    public const string NotEnoughMemory = nameof(NotEnoughMemory);
    public const string TaskFailed = nameof(TaskFailed);
    public const string RunFailed = nameof(RunFailed);
    public const string OverBudget = nameof(OverBudget);
    public const string FileExists = nameof(FileExists);
    public const string UnsupportedExtension = nameof(UnsupportedExtension);
    public const string NoTaskRecords = nameof(NoTaskRecords);
    public const string StrategyCannotRunWorkload = nameof(StrategyCannotRunWorkload);
    public const string UnknownStrategy = nameof(UnknownStrategy);
    public const string TimeoutNeedsModuleStrategy = nameof(TimeoutNeedsModuleStrategy);
    public const string UseNewRunspaceNeedsForEachParallel = nameof(UseNewRunspaceNeedsForEachParallel);
    public const string TransferModeNeedsProcesses = nameof(TransferModeNeedsProcesses);
    public const string TransferModeNeedsNumericPayload = nameof(TransferModeNeedsNumericPayload);
    public const string NoScalingPoints = nameof(NoScalingPoints);
    public const string NotTimelineInput = nameof(NotTimelineInput);
    public const string TimelineWriteFailed = nameof(TimelineWriteFailed);
    public const string NotResultInput = nameof(NotResultInput);
    public const string NoResults = nameof(NoResults);
    public const string ResultsFileNotFound = nameof(ResultsFileNotFound);
    public const string ResultsFileNotJson = nameof(ResultsFileNotJson);
    public const string NotResultsFile = nameof(NotResultsFile);
    public const string ResultsFileTooNew = nameof(ResultsFileTooNew);
    public const string RemoteNeedsHosts = nameof(RemoteNeedsHosts);
    public const string RemoteHostsOrSessions = nameof(RemoteHostsOrSessions);
    public const string RemoteParametersNeedRemote = nameof(RemoteParametersNeedRemote);
    // Compare-Result and Export-Report.
    public const string Regression = nameof(Regression);
    public const string NoBaseline = nameof(NoBaseline);
    public const string NothingMatched = nameof(NothingMatched);

    /// <summary>Show-Timeline and Export-Timeline report the input they could not draw the same way: once, with a count.</summary>
    public static ErrorRecord SkippedTimelineInput(IReadOnlyList<PSObject> skipped) => new(
        new ArgumentException(skipped.All(TimelineInput.IsResultRow)
            ? $"Skipped {skipped.Count} row(s) of results, which cannot be drawn. {TimelineInput.ResultRowsAdvice}"
            : $"Skipped {skipped.Count} object(s) that cannot be drawn ({string.Join(", ", skipped.Select(TypeName).Distinct().Take(3))}). A timeline is drawn from TaskRecord objects (Invoke-Workload) or StrategyResult objects (Measure-Strategy, Compare-Strategy), also as Import-Clixml brings them back, or rows with RunId, TaskId, Start and End columns (Import-Csv of task records)."),
        NotTimelineInput, ErrorCategory.InvalidType, skipped.ToArray());

    private static string TypeName(PSObject input) => input.TypeNames.Count > 0 ? input.TypeNames[0] : input.BaseObject.GetType().FullName ?? "object";

    /// <summary>The target is what the command would have drawn on: the file, or the objects it had to skip.</summary>
    /// <param name="skipped">What arrived and could not be drawn: when it was rows of results, the message says what to write instead.</param>
    public static ErrorRecord NoTimelineRecords(object target, IReadOnlyList<PSObject> skipped) => new(
        new ArgumentException(skipped.Count > 0 && skipped.All(TimelineInput.IsResultRow)
            ? $"No task records arrived, so there is nothing to draw. {TimelineInput.ResultRowsAdvice}"
            : "No task records arrived, so there is nothing to draw. Pipe the output of Invoke-Workload, Measure-Strategy or Compare-Strategy."),
        NoTaskRecords, ErrorCategory.InvalidData, target);
}
