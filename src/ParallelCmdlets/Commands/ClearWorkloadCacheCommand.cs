using System.Management.Automation;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Commands;

/// <summary>Deletes the CSV files the Csv workload generated; the next Csv run generates them again.</summary>
[Cmdlet(VerbsCommon.Clear, "WorkloadCache", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class ClearWorkloadCacheCommand : PSCmdlet
{
    protected override void ProcessRecord()
    {
        var folder = CsvWorkload.CacheRoot;
        if (!Directory.Exists(folder))
        {
            WriteVerbose($"Nothing to clear: {folder} does not exist.");
            return;
        }
        if (ShouldProcess(folder, "Delete generated workload files")) CsvWorkload.ClearCache();
    }
}
