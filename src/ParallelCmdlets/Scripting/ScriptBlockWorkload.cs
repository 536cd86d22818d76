using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Scripting;

/// <summary>
/// The user's own ScriptBlock, run under every strategy on the same footing: in a runspace per worker thread.
/// Each task receives the ArgumentList (and $TaskId). Between processes, arguments and output travel as
/// CLIXML, as PowerShell remoting sends them, to depth <see cref="SerializationDepth"/>.
/// </summary>
public sealed class ScriptBlockWorkload : Workload
{
    public const string WorkloadName = "ScriptBlock";

    /// <summary>How deep objects are serialised between processes: properties of properties, then strings.</summary>
    public const int SerializationDepth = 2;

    public static readonly WorkloadInfo Info = new()
    {
        Name = WorkloadName,
        Description = "Your own ScriptBlock with -ArgumentList, run in a runspace per worker; output comes back serialised from processes.",
        DefaultSize = 1,
        SizeUnit = "$Size in the ScriptBlock",
        Bound = WorkloadBound.Unknown,
        SeedExperiment = null,
        RequiresPowerShell = true,
    };

    private readonly object?[] arguments;
    private readonly Lazy<IReadOnlyDictionary<string, object?>> usingValues;

    /// <summary>The live -ArgumentList, for the PowerShell tools that hand it to each task themselves.</summary>
    internal object?[] Arguments => arguments;

    /// <summary>
    /// The values of the script's <c>$using:</c> variables by the name the rewritten script reads them from: the
    /// caller's own objects in its process, deserialised from the spec in a worker process.
    /// </summary>
    internal IReadOnlyDictionary<string, object?> UsingValues => usingValues.Value;

    /// <summary>In the caller's process: the live arguments and $using: values, shared by threads and sent to processes.</summary>
    public ScriptBlockWorkload(WorkloadSpec spec, object?[] arguments, IReadOnlyDictionary<string, object?>? usingValues = null) : base(spec)
    {
        this.arguments = arguments;
        this.usingValues = usingValues is null ? new(() => UsingVariables.Deserialize(spec.CallerValues)) : new(usingValues);
    }

    /// <summary>In a worker process: the arguments arrive with each task, the $using: values with the spec.</summary>
    public ScriptBlockWorkload(WorkloadSpec spec) : this(spec, []) { }

    /// <summary>The script's <c>$using:</c> variables (and its -InitializationScript's): the plain variable each becomes, and the caller's path it reads.</summary>
    public static IReadOnlyDictionary<string, string> UsingPaths(ScriptBlock script, ScriptBlock? initialization)
    {
        var paths = new Dictionary<string, string>(UsingVariables.Rewrite(script.ToString()).Paths, StringComparer.OrdinalIgnoreCase);
        if (initialization is not null)
            foreach (var (name, path) in UsingVariables.Rewrite(initialization.ToString()).Paths) paths[name] = path;
        return paths;
    }

    /// <param name="size">Handed to the script as $Size, so a sweep over -Size reaches user code too.</param>
    /// <param name="initialization">Run once in every worker's runspace before any timing (-InitializationScript); it travels as the spec's data.</param>
    /// <param name="usingValues">The caller's values of the <c>$using:</c> variables (see <see cref="UsingPaths"/>), captured as the command starts.</param>
    public static WorkloadSpec CreateSpec(ScriptBlock script, int tasks, long size = 1, ScriptBlock? initialization = null,
        IReadOnlyDictionary<string, object?>? usingValues = null) =>
        new(WorkloadName, size, tasks)
        {
            Text = UsingVariables.Rewrite(script.ToString()).Text,
            Data = initialization is null ? null : Encoding.UTF8.GetBytes(UsingVariables.Rewrite(initialization.ToString()).Text),
            CallerValues = usingValues is null ? null : UsingVariables.Serialize(usingValues),
        };

    /// <summary>The -InitializationScript every worker runs once when its runspace is made, or null.</summary>
    public string? InitializationScript => Spec.Data is { Length: > 0 } data ? Encoding.UTF8.GetString(data) : null;

    /// <summary>A worker's runspace, made before the timed runs, with the -InitializationScript run in it: its time is start-up, never a task's.</summary>
    public override object? CreateWorkerState()
    {
        var runspace = PowerShellTask.OpenRunspace(Spec.Text ?? "", InitializationScript);
        foreach (var (name, value) in UsingValues) runspace.SessionStateProxy.SetVariable(name, value);
        if (InitializationScript is not { } initialization) return runspace;
        try
        {
            PowerShellTask.Initialize(runspace, initialization);
            return runspace;
        }
        catch
        {
            runspace.Dispose();
            throw;
        }
    }

    public override void ReleaseWorkerState(object? state) => (state as Runspace)?.Dispose();

    /// <summary>The -ArgumentList; none when it is empty, so a worker process is sent nothing to deserialise.</summary>
    public override object? CreateInput(int taskId) => arguments.Length == 0 ? null : arguments;

    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
    {
        var runspace = workerState as Runspace ?? throw new InvalidOperationException("A ScriptBlock needs its worker's runspace.");
        runspace.SessionStateProxy.SetVariable("Size", Spec.Size);
        return PowerShellTask.OutputOf(PowerShellTask.Invoke(runspace, input as object?[] ?? [], taskId, cancellation));
    }

    /// <summary>A script's output has no size known in advance: a quarter of the memory this process may use.</summary>
    public override long MaxResultBytes => Math.Max(1L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    /// <summary>The user's code sets its own work: -Size reaches it only as $Size, if it reads it.</summary>
    public override bool SizeSetsWork => false;

    public override object? ToWire(object? value) =>
        value is null ? null : Encoding.UTF8.GetBytes(PSSerializer.Serialize(value, SerializationDepth));

    public override object? FromWire(object? value)
    {
        if (value is not byte[] bytes) return value;
        var restored = PSSerializer.Deserialize(Encoding.UTF8.GetString(bytes));
        // An object[] comes back as a deserialised list; arguments must be an array again.
        return restored is PSObject { BaseObject: ArrayList list } ? list.ToArray() : restored;
    }
}
