using System.Management.Automation;
using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Commands;

/// <summary>
/// Reads files written by Export-Result and writes their results back as the objects they were: StrategyResults
/// (with their runs, task records and environment) and ScalingPoints, each marked with the file in ImportedFrom.
/// </summary>
[Cmdlet(VerbsData.Import, "Result")]
[OutputType(typeof(StrategyResult), typeof(ScalingPoint))]
public sealed class ImportResultCommand : PSCmdlet
{
    /// <summary>Files written by Export-Result; wildcards are allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var path in Path)
            foreach (var file in Resolve(path))
                Import(file);
    }

    private IEnumerable<string> Resolve(string path)
    {
        try
        {
            return GetResolvedProviderPathFromPSPath(path, out _);
        }
        catch (ItemNotFoundException)
        {
            var full = GetUnresolvedProviderPathFromPSPath(path);
            WriteError(new ErrorRecord(new FileNotFoundException($"There is no file '{full}'. Give the path of a file written by Export-Result.", full),
                ErrorIds.ResultsFileNotFound, ErrorCategory.ObjectNotFound, path));
            return [];
        }
    }

    private void Import(string file)
    {
        IReadOnlyList<ResultsFileEntry> entries;
        try
        {
            entries = ResultsFile.Read(file);
        }
        catch (ResultsFileException e)
        {
            var (id, category) = e.Problem switch
            {
                ResultsFileProblem.NotFound => (ErrorIds.ResultsFileNotFound, ErrorCategory.ObjectNotFound),
                ResultsFileProblem.NotJson => (ErrorIds.ResultsFileNotJson, ErrorCategory.InvalidData),
                ResultsFileProblem.NewerVersion => (ErrorIds.ResultsFileTooNew, ErrorCategory.InvalidData),
                _ => (ErrorIds.NotResultsFile, ErrorCategory.InvalidData),
            };
            WriteError(new ErrorRecord(e, id, category, file));
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, ErrorIds.ResultsFileNotFound, ErrorCategory.ReadError, file));
            return;
        }
        foreach (var entry in entries) WriteObject(ResultsFile.ToObject(entry));
    }
}
