using System.Management.Automation;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Scripting;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Commands;

/// <summary>
/// What the running cmdlets share: the workload parameters, their validation, the plan they build, and the
/// hand-off that lets worker threads report while only this (pipeline) thread writes.
/// </summary>
public abstract partial class WorkloadCommandBase : PSCmdlet
{
    protected const string WorkloadSet = "Workload";
    protected const string ScriptBlockSet = "ScriptBlock";

    /// <summary>The longest -TimeoutSeconds the runtime honours (see <see cref="ParameterRules"/>).</summary>
    public const double MaxTimeoutSeconds = ParameterRules.MaxTimeoutSeconds;

    private BackgroundRun? current;

    /// <summary>A built-in workload by name (see Get-Workload).</summary>
    [Parameter(ParameterSetName = WorkloadSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(WorkloadCompleter))]
    [OneWorkloadName]
    [ValidateNotNullOrEmpty]
    public string Workload { get; set; } = "";

    /// <summary>Your own code, run once per task.</summary>
    [Parameter(ParameterSetName = ScriptBlockSet, Mandatory = true)]
    public ScriptBlock? ScriptBlock { get; set; }

    /// <summary>Arguments passed to the ScriptBlock of every task.</summary>
    [Parameter(ParameterSetName = ScriptBlockSet)]
    [Alias("Args")]
    public object?[] ArgumentList { get; set; } = [];

    /// <summary>Threads inside each worker process (Processes only).</summary>
    [Parameter]
    public int ThreadsPerWorker { get; set; } = 1;

    /// <summary>How many tasks a run has.</summary>
    [Parameter]
    public int Tasks { get; set; } = 16;

    /// <summary>A task running longer than this many seconds is cancelled.</summary>
    [Parameter]
    public double TimeoutSeconds { get; set; }

    /// <summary>ForEachParallel only: a new runspace for every task, as ForEach-Object -Parallel -UseNewRunspace does.</summary>
    [Parameter]
    public SwitchParameter UseNewRunspace { get; set; }

    // Remote: where the tasks run (see Strategies/Remote/); the checks are made in RemoteArguments, the target in RemoteTarget.
    /// <summary>Remote: the hosts to open SSH remoting sessions to, -Workers sessions each.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? HostName { get; set; }

    /// <summary>Remote: the user to log in as on every host (New-PSSession -UserName); default the user running this.</summary>
    [Parameter]
    public string? UserName { get; set; }

    /// <summary>Remote: the private key ssh uses (New-PSSession -KeyFilePath).</summary>
    [Parameter]
    public string? KeyFilePath { get; set; }

    /// <summary>Remote: the SSH port of every host (New-PSSession -Port).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int Port { get; set; }

    /// <summary>Remote: ssh options (-o key=value) as New-PSSession -Options takes them; BatchMode=yes and a ConnectTimeout are added unless set here.</summary>
    [Parameter]
    public System.Collections.Hashtable? Options { get; set; }

    /// <summary>Remote: sessions you opened (SSH or WinRM), one worker each; used and left open.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Management.Automation.Runspaces.PSSession[]? Session { get; set; }

    /// <summary>The -Workers values this command runs: one for most commands, several for a sweep.</summary>
    protected abstract IReadOnlyList<int> WorkerCounts { get; }

    /// <summary>The -Size values asked for; empty for the workload's default.</summary>
    protected abstract IReadOnlyList<long> SizesAsked { get; }

    /// <summary>The -GcMode values of the worker processes: one for most commands, several for a sweep; the first goes into ExecutorOptions.</summary>
    protected abstract IReadOnlyList<WorkerGcMode> GcModes { get; }

    /// <summary>The -TransferMode values for the Processes strategy: Copy unless the command takes the parameter and it was given.</summary>
    protected virtual IReadOnlyList<TransferMode> TransferModesAsked => [ParallelCmdlets.TransferMode.Copy];

    private bool SharedMemoryAsked => TransferModesAsked.Contains(ParallelCmdlets.TransferMode.SharedMemory);

    /// <summary>The strategies this invocation will run; used by validation.</summary>
    protected abstract IReadOnlyList<Strategy> RequestedStrategies { get; }

    protected bool IsScriptBlock => ParameterSetName == ScriptBlockSet;

    /// <summary>The -ScriptBlock's -ArgumentList as PowerShell source, for the answer's command; null without one.</summary>
    protected string? ArgumentsSource =>
        IsScriptBlock ? PowerShellLiteral.List(ArgumentList.Select(a => a is PSObject wrapped ? wrapped.BaseObject : a).ToList()) : null;

    /// <summary>
    /// The request for this invocation (see <see cref="WorkloadRequests"/>), or a terminating error saying why
    /// there is none. Only what reads the session stays here: the parameters' checks against what was bound, the
    /// ScriptBlock's checks against this session, and its <c>$using:</c> values.
    /// </summary>
    /// <param name="size">The size to run at; by default the first asked, or the workload's own.</param>
    private protected WorkloadRequest BuildRequest(bool keepOutput, long? size = null)
    {
        ValidateKnobs();
        if (IsScriptBlock) CheckScriptBlockOnce();
        var (request, refusal) = WorkloadRequests.Build(new WorkloadAsk
        {
            WorkloadName = Workload,
            ScriptBlock = IsScriptBlock ? ScriptBlock : null,
            InitializationScript = InitializationScript,
            ArgumentList = ArgumentList,
            UsingValues = IsScriptBlock ? CaptureUsingValues() : new Dictionary<string, object?>(),
            Tasks = Tasks,
            Size = size ?? (SizesAsked.Count > 0 ? SizesAsked[0] : null),
            Strategies = RequestedStrategies,
            Toolchains = Toolchains,
            Workers = WorkerCounts.Max(),
            ThreadsPerWorker = ThreadsPerWorker,
            SharedMemoryAsked = SharedMemoryAsked,
            KeepOutput = keepOutput,
            TimeoutSeconds = MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSeconds)) ? TimeoutSeconds : null,
            WorkerGcMode = GcModes.Count > 0 ? GcModes[0] : WorkerGcMode.Workstation,
            UseNewRunspace = UseNewRunspace,
        });
        if (refusal is not null) Refuse(refusal.Id, refusal.Category, refusal.Target, refusal.Message);
        return request!;
    }

    private void ValidateKnobs()
    {
        var choice = new ParameterChoice
        {
            Bound = MyInvocation.BoundParameters.Keys.ToList(),
            Strategies = RequestedStrategies,
            Toolchains = Toolchains,
            WorkerCounts = WorkerCounts,
            ThreadsPerWorker = ThreadsPerWorker,
            Tasks = Tasks,
            Sizes = SizesAsked,
            TimeoutSeconds = TimeoutSeconds,
            GcModes = GcModes,
            SharedMemoryAsked = SharedMemoryAsked,
            UseNewRunspace = UseNewRunspace,
        };
        if (ParameterRules.FirstProblem(choice) is { } refusal) Refuse(refusal.Id, refusal.Category, refusal.Target, refusal.Message);
    }

    /// <summary>How one strategy runs under these parameters (see <see cref="StrategyPlanner"/>).</summary>
    private protected StrategyPlan PlanFor(Strategy strategy, int workers) => Planner.PlanFor(strategy, workers);

    private StrategyPlanner Planner => new(Toolchains, ThreadsPerWorker, TransferModesAsked, WrappedRowsAsked && IsScriptBlock);

    /// <summary>The strategies' toolchains for this command: the module's, with Remote set to run on this command's hosts.</summary>
    private Strategies.StrategyCatalog Toolchains => toolchains ??= Strategies.StrategyCatalog.Default.With(new Strategies.RemoteToolchain(RemoteTarget));

    private Strategies.StrategyCatalog? toolchains;

    /// <summary>
    /// Whether a -ScriptBlock run under a tool that gives it no scope of its own is also run in the fixed form, as a
    /// row of its own: Compare-Strategy, unless -NoWrappedRows. Measure-Strategy measures the strategies named, no more.
    /// </summary>
    protected virtual bool WrappedRowsAsked => false;

    /// <summary>The plans of the strategies asked (see <see cref="StrategyPlanner"/>).</summary>
    private protected IReadOnlyList<StrategyPlan> PlansFor(IReadOnlyList<Strategy> strategies, int workers) => Planner.PlansFor(strategies, workers);

    /// <summary>Where Remote runs, from -HostName and its SSH parameters or -Session.</summary>
    private Remoting.RemoteTarget RemoteTarget => new()
    {
        HostNames = HostName ?? [],
        UserName = UserName,
        KeyFilePath = KeyFilePath is { Length: > 0 } key ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(key) : null,
        Port = MyInvocation.BoundParameters.ContainsKey(nameof(Port)) ? Port : null,
        Options = Options,
        Sessions = Session ?? [],
        ModuleVersion = MyInvocation.MyCommand.Module?.Version?.ToString() ?? typeof(WorkloadCommandBase).Assembly.GetName().Version?.ToString(3) ?? "",
    };

    /// <summary>The PowerShell running this command, for the environment every result carries.</summary>
    protected string PowerShellVersion =>
        (SessionState.PSVariable.GetValue("PSVersionTable") as System.Collections.Hashtable)?["PSVersion"]?.ToString() ?? "";

    /// <summary>
    /// Writes each result's warnings (see <see cref="WriteResultWarnings"/>), naming the strategy, then the results themselves; a
    /// <paramref name="viewTypeName"/> goes first among their type names, so the format file can choose a view for it.
    /// </summary>
    protected void WriteResults(IReadOnlyList<StrategyResult> results, string? viewTypeName = null)
    {
        foreach (var result in results)
            WriteResultWarnings(result.Workload, $"{result.Workload} {result.StrategyName}", result.GetWarnings());
        foreach (var result in results)
        {
            if (viewTypeName is null)
            {
                WriteObject(result);
                continue;
            }
            var wrapped = PSObject.AsPSObject(result);
            wrapped.TypeNames.Insert(0, viewTypeName);
            WriteObject(wrapped);
        }
    }

    /// <summary>Runs the comparison of <paramref name="strategies"/> with one progress bar over every timed task.</summary>
    private protected IReadOnlyList<StrategyResult> Compare(WorkloadRequest request, IReadOnlyList<Strategy> strategies, SamplingPlan sampling, double maxSeconds, string activity)
    {
        var plans = PlansFor(strategies, WorkerCounts[0]);
        var experiment = new ExperimentRequest(request.Catalog, request.Spec, request.Options, plans, sampling.Repeat ?? 0, sampling.Warmup ?? 0, PowerShellVersion)
        {
            MaxSeconds = maxSeconds,
            Sampling = sampling,
            Arguments = ArgumentsSource,
        };
        var failures = NewTaskFailureLog();
        return RunOnWorkerThreads(activity, (progress, cancellation) =>
        {
            progress.OnTask = failures.Add;
            // Only failed tasks have anything to write here: completed ones are not handed to the pipeline thread,
            // whose wake-ups would otherwise take a core from the tasks, hundreds of times a second.
            progress.OnlyFailedTasks = true;
            var results = Experiment.Compare(experiment, progress, cancellation);
            progress.Post(failures.WriteAll);
            return results;
        });
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    protected void Refuse(string errorId, ErrorCategory category, object? target, string message)
    {
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, category, target));
        throw new InvalidOperationException(message); // not reached: ThrowTerminatingError always throws
    }

    /// <summary>
    /// Runs the job on its <see cref="BackgroundRun"/> and turns how it ended into what the user sees: a stop into
    /// PipelineStoppedException, a run over its budget or a failed run into one declared, terminating error.
    /// </summary>
    private protected T RunOnWorkerThreads<T>(string activity, Func<ExperimentProgress, CancellationToken, T> job)
    {
        using var run = new BackgroundRun();
        current = run;
        try
        {
            return run.Run(this, activity, job);
        }
        catch (OperationCanceledException) when (run.StopRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (RunFailedException refused) when (refused.InnerException is OverBudgetException over)
        {
            ThrowTerminatingError(new ErrorRecord(over, ErrorIds.OverBudget, ErrorCategory.LimitsExceeded, over.EstimatedSeconds));
            throw; // not reached: ThrowTerminatingError always throws
        }
        catch (RunFailedException failed)
        {
            // Records already handed over were written above; the run itself ends with one clear, declared error.
            var target = IsScriptBlock ? (object?)ScriptBlock : Workload;
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"The run could not go on: {failed.InnerException!.Message}", failed.InnerException),
                ErrorIds.RunFailed, ErrorCategory.OperationStopped, target));
            throw; // not reached: ThrowTerminatingError always throws
        }
        finally
        {
            current = null;
        }
    }

    protected override void StopProcessing() => current?.Stop();

    /// <summary>One error per distinct task failure, written when the measuring ends; with -ErrorAction Stop, the first at once.</summary>
    private protected TaskFailureLog NewTaskFailureLog() => new(WriteError,
        (MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var action) ? action : GetVariableValue("ErrorActionPreference"))?.ToString() == nameof(ActionPreference.Stop));

    /// <summary>Writes a non-terminating error for a failed task; with -ErrorAction Stop this ends the run.</summary>
    protected void WriteTaskError(TaskRecord record)
    {
        if (record.Status != TaskState.Failed) return;
        WriteError(new ErrorRecord(new InvalidOperationException($"Task {record.TaskId} ({record.Strategy}, worker {record.WorkerId}) failed: {record.Error}"),
            ErrorIds.TaskFailed, ErrorCategory.OperationStopped, record));
    }
}

/// <summary>The commands that run at one worker count, one size and one collector: -Workers, -Size and -GcMode are single values.</summary>
public abstract class SingleRunCommandBase : WorkloadCommandBase
{
    /// <summary>Threads or processes in the pool; default the logical core count.</summary>
    [Parameter]
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>The workload's own size (see Get-Workload for its unit); default per workload.</summary>
    [Parameter]
    [WholeSize]
    public long Size { get; set; }

    /// <summary>The garbage collector of the worker processes (Processes only); default Workstation, non-concurrent.</summary>
    [Parameter]
    public WorkerGcMode GcMode { get; set; } = WorkerGcMode.Workstation;

    protected override IReadOnlyList<int> WorkerCounts => [Workers];

    protected override IReadOnlyList<WorkerGcMode> GcModes => [GcMode];

    protected override IReadOnlyList<long> SizesAsked => MyInvocation.BoundParameters.ContainsKey(nameof(Size)) ? [Size] : [];
}
