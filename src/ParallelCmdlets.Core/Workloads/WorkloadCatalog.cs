namespace ParallelCmdlets.Workloads;

/// <summary>The known workloads by name, each with its facts and how to make it.</summary>
public sealed class WorkloadCatalog
{
    private readonly Dictionary<string, (WorkloadInfo Info, Func<WorkloadSpec, Workload> Create)> entries =
        new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The compiled workloads that need no PowerShell engine.</summary>
    public static WorkloadCatalog CreateBuiltIn()
    {
        var catalog = new WorkloadCatalog();
        catalog.Add(LoopWorkload.Info, spec => new LoopWorkload(spec));
        catalog.Add(LockedLoopWorkload.Info, spec => new LockedLoopWorkload(spec));
        catalog.Add(CsvWorkload.Info, spec => new CsvWorkload(spec));
        catalog.Add(MatrixWorkload.Info, spec => new MatrixWorkload(spec));
        catalog.Add(TransferWorkload.Info, spec => new TransferWorkload(spec));
        catalog.Add(SleepWorkload.Info, spec => new SleepWorkload(spec));
        return catalog;
    }

    public WorkloadCatalog Add(WorkloadInfo info, Func<WorkloadSpec, Workload> create)
    {
        entries[info.Name] = (info, create);
        return this;
    }

    public IEnumerable<WorkloadInfo> All => entries.Values.Select(e => e.Info);

    public IEnumerable<string> Names => entries.Values.Select(e => e.Info.Name);

    public bool TryGetInfo(string name, out WorkloadInfo info)
    {
        var found = entries.TryGetValue(name, out var entry);
        info = entry.Info;
        return found;
    }

    public Workload Create(WorkloadSpec spec) =>
        entries.TryGetValue(spec.Name, out var entry) ? entry.Create(spec) : throw UnknownWorkload(spec.Name);

    private ArgumentException UnknownWorkload(string name) =>
        new($"Unknown workload '{name}'. Known workloads: {string.Join(", ", Names)}.", nameof(name));
}
