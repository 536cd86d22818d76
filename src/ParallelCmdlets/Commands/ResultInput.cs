using System.Management.Automation;
using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Commands;

/// <summary>
/// What Compare-Result and Export-Report read results from: the module's StrategyResults, ScalingPoints (as the
/// StrategyResult each was read from), and the paths or files of results files that Export-Result wrote.
/// </summary>
internal static class ResultInput
{
    /// <summary>
    /// The results <paramref name="input"/> holds or names; anything else is reported through
    /// <paramref name="command"/> and skipped.
    /// </summary>
    public static IReadOnlyList<ResultsFileEntry> Read(PSCmdlet command, object? input)
    {
        switch (input is PSObject ps ? ps.BaseObject : input)
        {
            case null:
                return [];
            case StrategyResult result:
                return [new ResultsFileEntry(result, ResultKind.StrategyResult)];
            case ScalingPoint { Result: { } result }:
                return [new ResultsFileEntry(result, ResultKind.ScalingPoint)];
            case string path:
                return ReadFiles(command, path);
            case FileInfo file:
                return ReadFiles(command, file.FullName);
            case System.Collections.IEnumerable items:
                return items.Cast<object?>().SelectMany(item => Read(command, item)).ToList();
            default:
                command.WriteError(new ErrorRecord(
                    new ArgumentException($"{command.MyInvocation.MyCommand.Name} reads StrategyResult objects (Measure-Strategy, Compare-Strategy), ScalingPoint objects (Measure-Scaling) and files written by Export-Result; skipped a {(input is PSObject p ? p.BaseObject : input)?.GetType().Name ?? "null"}."),
                    ErrorIds.NotResultInput, ErrorCategory.InvalidType, input));
                return [];
        }
    }

    private static IReadOnlyList<ResultsFileEntry> ReadFiles(PSCmdlet command, string path)
    {
        IEnumerable<string> files;
        try
        {
            files = command.GetResolvedProviderPathFromPSPath(path, out _);
        }
        catch (ItemNotFoundException)
        {
            var full = command.GetUnresolvedProviderPathFromPSPath(path);
            command.WriteError(new ErrorRecord(new FileNotFoundException($"There is no file '{full}'. Give the path of a file written by Export-Result.", full),
                ErrorIds.ResultsFileNotFound, ErrorCategory.ObjectNotFound, path));
            return [];
        }
        var entries = new List<ResultsFileEntry>();
        foreach (var file in files)
        {
            try
            {
                entries.AddRange(ResultsFile.Read(file));
            }
            catch (ResultsFileException e)
            {
                command.WriteError(new ErrorRecord(e, e.Problem == ResultsFileProblem.NotFound ? ErrorIds.ResultsFileNotFound : ErrorIds.NotResultsFile,
                    ErrorCategory.InvalidData, file));
            }
        }
        return entries;
    }
}
