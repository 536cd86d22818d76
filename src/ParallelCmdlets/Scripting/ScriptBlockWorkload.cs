using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
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

    /// <summary>The live -ArgumentList, for the PowerShell tools that hand it to each task themselves.</summary>
    internal object?[] Arguments => arguments;

    /// <summary>In the caller's process: the live arguments, shared by threads and sent to processes.</summary>
    public ScriptBlockWorkload(WorkloadSpec spec, object?[] arguments) : base(spec) => this.arguments = arguments;

    /// <summary>In a worker process: the arguments arrive with each task.</summary>
    public ScriptBlockWorkload(WorkloadSpec spec) : this(spec, []) { }

    /// <param name="size">Handed to the script as $Size, so a sweep over -Size reaches user code too.</param>
    /// <param name="initialization">Run once in every worker's runspace before any timing (-InitializationScript); it travels as the spec's data.</param>
    public static WorkloadSpec CreateSpec(ScriptBlock script, int tasks, long size = 1, ScriptBlock? initialization = null) =>
        new(WorkloadName, size, tasks)
        {
            Text = script.ToString(),
            Data = initialization is null ? null : Encoding.UTF8.GetBytes(initialization.ToString()),
        };

    /// <summary>The -InitializationScript every worker runs once when its runspace is made, or null.</summary>
    public string? InitializationScript => Spec.Data is { Length: > 0 } data ? Encoding.UTF8.GetString(data) : null;

    /// <summary>Why a script cannot run in a worker, or null when it can.</summary>
    public static string? FindProblem(ScriptBlock script)
    {
        var usings = script.Ast.FindAll(a => a is UsingExpressionAst, searchNestedScriptBlocks: true).ToList();
        if (usings.Count > 0)
            return $"The ScriptBlock uses {usings[0].Extent.Text}, but a worker has no caller scope to read it from. Pass the value with -ArgumentList and read it with param() instead.";
        return null;
    }

    /// <summary>A worker's runspace, made before the timed runs, with the -InitializationScript run in it: its time is start-up, never a task's.</summary>
    public override object? CreateWorkerState()
    {
        var runspace = PowerShellTask.OpenRunspace();
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

    public override object? CreateInput(int taskId) => arguments;

    public override object? Execute(int taskId, object? input, object? workerState, CancellationToken cancellation)
    {
        var runspace = workerState as Runspace ?? throw new InvalidOperationException("A ScriptBlock needs its worker's runspace.");
        runspace.SessionStateProxy.SetVariable("Size", Spec.Size);
        var output = PowerShellTask.Invoke(runspace, Spec.Text ?? "", input as object?[] ?? [], taskId, cancellation);
        return output.Count switch
        {
            0 => null,
            1 => output[0],
            _ => output.ToArray(),
        };
    }

    /// <summary>A script's output has no size known in advance: a quarter of the memory this process may use.</summary>
    public override long MaxResultBytes => Math.Max(1L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

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
