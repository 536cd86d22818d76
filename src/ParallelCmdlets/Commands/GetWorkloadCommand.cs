using System.Management.Automation;
using ParallelCmdlets.Scripting;

namespace ParallelCmdlets.Commands;

/// <summary>Lists the built-in workloads and what limits each.</summary>
[Cmdlet(VerbsCommon.Get, "Workload")]
[OutputType(typeof(WorkloadInfo))]
public sealed class GetWorkloadCommand : PSCmdlet
{
    /// <summary>Names to show; wildcards allowed. All when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(WorkloadCompleter))]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var all = PowerShellWorkloads.CreateCatalog().All.ToList();
        if (Name is null || Name.Length == 0)
        {
            all.ForEach(WriteObject);
            return;
        }
        foreach (var name in Name)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = all.Where(w => pattern.IsMatch(w.Name)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"There is no workload named '{name}'. Known workloads: {string.Join(", ", all.Select(w => w.Name))}."),
                    ErrorIds.UnknownWorkload, ErrorCategory.ObjectNotFound, name));
            }
            matches.ForEach(WriteObject);
        }
    }
}
