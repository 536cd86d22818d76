using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Strategies;

/// <summary>What sets a strategy apart, as facts the shared code reads instead of naming strategies.</summary>
[Flags]
public enum StrategyTraits
{
    None = 0,

    /// <summary>The plain loop, one task at a time: every speedup is measured against it, and it has one worker.</summary>
    Baseline = 1 << 0,

    /// <summary>Tasks run in worker processes the module starts and keeps warm: their CPU and collections are counted apart from this process's, and -ThreadsPerWorker, -GcMode and -TransferMode apply.</summary>
    WorkerProcesses = 1 << 1,

    /// <summary>Each task starts a process of its own, counted through this process's reaped children, whose results come back serialised.</summary>
    ProcessPerTask = 1 << 2,

    /// <summary>One of PowerShell's own tools, run as users write it: its tasks run on threads or processes of the tool's making.</summary>
    PowerShellTool = 1 << 3,

    /// <summary>Tasks run on other hosts through PowerShell remoting: this machine's load and collections say nothing about them.</summary>
    OtherHosts = 1 << 4,

    /// <summary>Runs a user's block dot-sourced, without a scope of its own, so the fixed form is a measurement of its own.</summary>
    BlockWithoutScope = 1 << 5,

    /// <summary>The module's own pool of threads in this process: tasks share one heap, so the GC's pauses stop them all.</summary>
    SharedHeapThreads = 1 << 6,

    /// <summary>Takes -TimeoutSeconds: the module can stop one task without stopping the others.</summary>
    PerTaskTimeout = 1 << 7,

    /// <summary>Each process that runs tasks holds its own copy of the data, which a memory estimate counts.</summary>
    CopiesPerProcess = 1 << 8,
}

/// <summary>The shape of a strategy's points on a chart.</summary>
public enum ChartMarker
{
    Circle,
    Square,
    Diamond,
}

/// <summary>
/// Everything that differs between strategies, in one place, as BenchmarkDotNet keeps one toolchain per way of
/// running a benchmark: what it is called and how it is offered, what it accepts, how it plans its lanes, how it
/// makes its executor, how its costs are named in verdicts, and the command a user types to run tasks its way.
/// The shared code (validation, the runner, verdicts, answers, charts) asks the toolchain; it never names a strategy.
/// </summary>
public abstract class StrategyToolchain
{
    public abstract Strategy Strategy { get; }

    /// <summary>"Threads: the module's pool of threads in this process": what tab completion shows.</summary>
    public abstract string Description { get; }

    public abstract StrategyTraits Traits { get; }

    public bool Has(StrategyTraits traits) => (Traits & traits) == traits;

    /// <summary>
    /// Place among answers, simplest first: what a user types and needs. The plain loop; one-command tools; a
    /// runspace pool; the module's own pools, which need the module; Remote, which needs hosts.
    /// </summary>
    public abstract int Simplicity { get; }

    /// <summary>A few shades of one family of colours: a second series of the same strategy stays recognisable.</summary>
    public abstract IReadOnlyList<string> Shades { get; }

    /// <summary>Parameters that apply to this strategy alone, which a command refuses unless it runs the strategy.</summary>
    public virtual IReadOnlyList<string> OwnParameters => [];

    /// <summary>The shape of its points on the scaling charts, so lines tell apart in grey too.</summary>
    public virtual ChartMarker Marker => ChartMarker.Circle;

    /// <summary>The fixed form's label, "& { }" or "local scope", for tools that run a block without a scope of its own.</summary>
    public virtual string WrappedForm => "& { }";

    /// <summary>The fixed form in a sentence: "wrapped in & { }".</summary>
    public virtual string WrappedFormPhrase => "wrapped in & { }";

    /// <summary>What a user does to give the block a scope of its own: "wrap the work in & { }".</summary>
    public virtual string ScopeFix => "wrap the work in & { }";

    /// <summary>What a PowerShell tool spends per task before the task's code runs: "starting runspaces".</summary>
    public virtual string PerTaskCost => "starting runspaces";

    /// <summary>The progress line while the strategy's pool starts.</summary>
    public virtual string Starting(StrategyPlan plan, ExecutorOptions options) =>
        $"{plan.Label}: preparing PowerShell to run it with {plan.Workers} at a time";

    /// <summary>The lanes a plan runs for the -Workers asked: the baseline has one; Remote, some per host.</summary>
    public virtual int Lanes(int workers) => Has(StrategyTraits.Baseline) ? 1 : workers;

    /// <summary>Threads in each lane for the -ThreadsPerWorker asked: only worker processes run several.</summary>
    public int ThreadsPerLane(int threadsPerWorker) => Has(StrategyTraits.WorkerProcesses) ? threadsPerWorker : 1;

    /// <summary>Why this strategy cannot run the workload, in a sentence for the error, or null when it can.</summary>
    public virtual string? Refuses(WorkloadInfo workload) => null;

    /// <summary>
    /// The command a user types to run their block this way, with its throttle; the module's own pools answer with
    /// Invoke-Workload, as every strategy does for a built-in workload.
    /// </summary>
    public virtual string Command(AnswerCommand command) => command.InvokeWorkload();

    /// <summary>An executor for a workload already prepared in this process (PrepareShared and PrepareLocal done).</summary>
    public abstract IExecutor CreateExecutor(int workers, int threadsPerWorker, Workload workload, ExecutorOptions options);

    public override string ToString() => Strategy.ToString();
}
