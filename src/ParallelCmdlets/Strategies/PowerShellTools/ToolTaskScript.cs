using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ParallelCmdlets.Scripting;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.PowerShellTools;

/// <summary>
/// The script each task runs under one of PowerShell's tools: the workload's own code, run so that the task stamps
/// its own start and end on the monotonic clock and any error fails that task alone. Built once per run from the
/// workload; the tool is then used as users use it.
/// </summary>
internal sealed class ToolTaskScript
{
    private ToolTaskScript(string core, object context, object?[] arguments, bool outOfProcess)
    {
        Core = core;
        Context = context;
        Arguments = arguments;
        OutOfProcess = outOfProcess;
    }

    /// <summary>The task's body, reading $__id or $TaskId, $__context and (in a job) $__arguments.</summary>
    public string Core { get; }

    /// <summary>Handed to every task: a <see cref="ToolTaskContext"/> in this process, a hashtable of plain values for Start-Job.</summary>
    public object Context { get; }

    /// <summary>For Start-Job, the task's arguments, serialised into each new process as Start-Job does; in-process tools read them by reference from the context.</summary>
    public object?[] Arguments { get; }

    public bool OutOfProcess { get; }

    /// <summary>The task's output goes down the tool's own stream before its report (a job, or the user's code inlined).</summary>
    public bool StreamsOutput { get; init; }

    /// <summary>The core already declares param($TaskId, $Size, $__context, ...): the user's code is the script.</summary>
    public bool HasParameters { get; init; }

    /// <summary>
    /// The task receives $Size: the user's code mentions it (its text holds "size" at all). Otherwise the tool is
    /// handed one argument less per task, which a RunspacePool's empty task measurably paid for.
    /// </summary>
    public bool PassesSize { get; init; } = true;

    /// <summary>The task's leading parameters as the tools pass them: $TaskId, $Size when passed, $__context.</summary>
    public string LeadingParameters => PassesSize ? "$TaskId, $Size, $__context" : "$TaskId, $__context";

    /// <summary>The core is already a ForEach-Object -Parallel block, reading $_ and $using:Context itself.</summary>
    public bool IsForEachParallelBlock { get; init; }

    /// <summary>The body as a script with parameters: param($TaskId, $Size, $__context), the task's arguments following.</summary>
    public string WithParameters => HasParameters ? Core : $"{Preamble}param({LeadingParameters})\n$__id = $TaskId; $__arguments = $args\n" + Core;

    /// <summary>What must come before the parameters: a job's `using assembly` line.</summary>
    public string Preamble { get; init; } = "";

    /// <summary>The body as ForEach-Object -Parallel takes it: the task id as input, the rest through $using:.</summary>
    public string ForEachParallelBody => IsForEachParallelBlock ? Core : "$__id = $_; $__context = $using:Context\n" + Core;

    /// <summary>Why this workload cannot run under the strategy, or null when it can.</summary>
    /// <param name="numericPayload">Each task's argument and result are large arrays of doubles (<see cref="WorkloadInfo.NumericPayload"/>).</param>
    public static string? FindProblem(string workloadName, bool numericPayload, Strategy strategy)
    {
        if (strategy == Strategy.Job && numericPayload)
            return $"{workloadName} hands every task a large array, and Start-Job would serialise it element by element into each new process. Measure {workloadName} with -Strategy Processes or one of the in-process tools (ForEachParallel, ThreadJob, RunspacePool), or return data from your own -ScriptBlock.";
        return null;
    }

    /// <param name="wrapped">
    /// The tool's fixed form: the user's code runs in a scope of its own (& { } around it). A RunspacePool gets it
    /// from its driver instead (AddScript(script, $true)); a task that calls the code through the module already has one.
    /// </param>
    /// <param name="keepOutput">The run keeps each task's output (-PassThru): a ForEach-Object -Parallel task then collects its own.</param>
    public static ToolTaskScript For(Workload workload, Strategy strategy, string modulePath, CancellationToken cancellation, bool wrapped = false, bool keepOutput = true)
    {
        var size = workload.Spec.Size;
        // The code a task runs as a script block literal, and its arguments; none for a compiled workload.
        var (script, arguments) = workload switch
        {
            ScriptBlockWorkload user => ("{\n" + user.Spec.Text + "\n}", user.Arguments),
            ScriptLoopWorkload => ("{\n" + ScriptLoopWorkload.Script + "\n}", new object?[] { size }),
            _ => ((string?)null, Array.Empty<object?>()),
        };
        // The ScriptBlock's $using: values, set in the task's scope before its code, as ForEach-Object -Parallel sets them.
        var usingValues = (workload as ScriptBlockWorkload)?.UsingValues ?? new Dictionary<string, object?>();
        var usingAssignments = UsingVariables.Assignments(usingValues.Keys, "$__context.Using");
        if (strategy != Strategy.Job)
        {
            var context = new ToolTaskContext(size, arguments, workload, cancellation) { Using = UsingVariables.ToHashtable(usingValues) };
            // Only the user's own code reads $Size: a compiled workload, or a call through the module, gets it from the context.
            var passesSize = workload is ScriptBlockWorkload && script!.Contains("size", StringComparison.OrdinalIgnoreCase);
            // Where the tool takes a script with parameters and keeps each task's output apart, the user's own
            // code is the task's script, between two calls that stamp it: nothing else is paid per task.
            var forEachParallel = strategy == Strategy.ForEachParallel;
            if (script is not null && InlineBody(script, forEachParallel, errorsReachDriver: strategy == Strategy.RunspacePool, passesSize, usingAssignments, wrapped,
                    takesArguments: arguments.Length > 0, keepOutput) is { } inline)
                return forEachParallel
                    ? new ToolTaskScript(inline.Body, context, [], outOfProcess: false) { IsForEachParallelBlock = true, PassesSize = passesSize }
                    : new ToolTaskScript(inline.Body, context, arguments, outOfProcess: false) { StreamsOutput = !inline.OutputInReport, HasParameters = true, PassesSize = passesSize };
            // Otherwise the task is one call into the module, which stamps and runs the code: a tool re-creates
            // the task's script in each runspace, so every line added here would be paid again per task.
            return new ToolTaskScript($"$__context.Run($__id, {script ?? "$null"})\n", context, [], outOfProcess: false) { PassesSize = false };
        }
        return new ToolTaskScript(usingAssignments + JobBody(script), new Hashtable
        {
            ["Size"] = size, ["Name"] = workload.Spec.Name, ["Tasks"] = workload.Spec.Tasks, ["Module"] = modulePath,
            ["Using"] = UsingVariables.ToHashtable(usingValues),
        }, arguments, outOfProcess: true) { StreamsOutput = true, Preamble = script is null ? "" : JobAssemblyLine };
    }

    /// <summary>
    /// The user's script made the task's own: its code between a start and an end stamp, any error failing the
    /// task. As a script with parameters (ThreadJob, RunspacePool) the task's own come first and the output goes
    /// down the tool's stream as it would bare; null when the script's shape does not allow that (begin/process
    /// blocks, attributes on parameters, using statements), and the task then calls the script as a nested block.
    /// As a ForEach-Object -Parallel block the user's statements are the block's own, as users write them; a
    /// block with parameters is dot-sourced with its arguments, and output a run keeps travels in the report,
    /// since tasks' outputs interleave there.
    /// </summary>
    /// <remarks>
    /// These tools parse and compile each task's script afresh (AddScript per task), so every construct added
    /// here is paid again per task. Measured in CPU per compiled task over a bare `$_`
    /// (bench/experiments/TaskScriptCost.ps1): a start and an end stamp as statements about 90 µs, folded into
    /// one expression about 40 µs (a script of one expression compiles on PowerShell's short path, which any
    /// second statement leaves); a report begun with try/catch/finally about 250 µs; the code as a nested block
    /// called with splatted arguments about 200 µs more. So nothing is added that the task does not need.
    /// </remarks>
    /// <param name="errorsReachDriver">
    /// The driver sees each task's errors itself (a RunspacePool's EndInvoke and HadErrors, as users check them),
    /// so the task script is only the user's code between two stamps: an empty task there costs a few statements.
    /// </param>
    /// <param name="usingAssignments">Statements setting the ScriptBlock's $using: variables from the context, after the head.</param>
    /// <param name="wrapped">The fixed form: the user's code called with & instead of dot-sourced (ForEach-Object -Parallel), or wrapped in & { } (Start-ThreadJob).</param>
    /// <param name="passesSize">The task is handed $Size (a parameter, or from the context in ForEach-Object -Parallel).</param>
    /// <param name="takesArguments">The run hands each task arguments (-ArgumentList, or ScriptLoop's size).</param>
    /// <param name="keepOutput">The run keeps each task's output.</param>
    private static (string Body, bool OutputInReport)? InlineBody(string script, bool forEachParallel, bool errorsReachDriver, bool passesSize,
        string usingAssignments, bool wrapped, bool takesArguments, bool keepOutput)
    {
        var ast = Parser.ParseInput(script[1..^1], out _, out var errors);
        if (errors.Length > 0) return null;
        var plain = ast.BeginBlock is null && ast.ProcessBlock is null && ast.DynamicParamBlock is null &&
            ast.UsingStatements.Count == 0 && ast.ScriptRequirements is null && ast.EndBlock is { Unnamed: true } &&
            ast.ParamBlock is not { Attributes.Count: > 0 } &&
            ast.ParamBlock?.Parameters.Any(p => p.Attributes.Any(a => a is not TypeConstraintAst)) != true;
        if (!forEachParallel && !plain) return null;
        string head, run;
        var begin = "$__report = $__context.Begin($TaskId)\n";
        if (forEachParallel)
        {
            var extras = (passesSize ? "$Size = $__context.Size\n" : "") + usingAssignments;
            if (plain && ast.ParamBlock is null && !takesArguments && !keepOutput)
            {
                // The user's statements as the block's own: dot-sourced, as the tool runs them bare.
                run = wrapped ? "& " + script : Statements(ast);
            }
            else
            {
                // Dot-sourced with the arguments splatted: PowerShell binds them as it would, and the output is collected.
                extras += "$__arguments = $__context.Arguments\n";
                run = "$__report.Output = " + (wrapped ? "& " : ". ") + script + " @__arguments";
            }
            // The tool runs this block unoptimised, each statement about 7 µs a task (bench/experiments/
            // ForEachParallelStatements.ps1): with nothing to set up, the task's id, its context and its start
            // stamp are one statement.
            if (extras.Length == 0)
            {
                head = "";
                begin = "$__report = ($__context = $using:Context).Begin(($TaskId = $_))\n";
            }
            else
            {
                head = "$TaskId = $_; $__context = $using:Context\n" + extras;
            }
        }
        else
        {
            var parameters = ast.ParamBlock?.Parameters ?? (IReadOnlyList<ParameterAst>)[];
            head = $"param($TaskId{(passesSize ? ", $Size" : "")}, $__context{string.Concat(parameters.Select(p => ", " + p.Extent.Text))})\n" + usingAssignments;
            run = Statements(ast);
            if (errorsReachDriver)
            {
                // One expression stays one: its value is an argument of the end stamp, after the start stamp's.
                if (usingAssignments.Length == 0 && OnlyExpression(ast) is { } expression)
                    return (head + $"$__context.Finish($TaskId, $__context.Start($TaskId), {expression})\n", true);
                return (head + "$__context.Start($TaskId)\n" + run + "\n$__context.Finish($TaskId)\n", false);
            }
            if (wrapped) run = "& {\n" + run + "\n}";
        }
        return (head + begin + $$"""
            try {
                $ErrorActionPreference = 'Stop'
            {{run}}
            }
            catch { $__report.Fail($_) }
            finally { $__report.Finish() }

            """, false);
    }

    /// <summary>The script's statements (and traps) as written, without its param block.</summary>
    private static string Statements(ScriptBlockAst ast)
    {
        // An unnamed block's own extent covers the whole script, param block included: take its statements'.
        var parts = ast.EndBlock.Statements.Cast<Ast>().Concat(ast.EndBlock.Traps ?? (IEnumerable<Ast>)[]).ToList();
        return parts.Count == 0 ? "" : ast.Extent.Text[(parts.Min(a => a.Extent.StartOffset) - ast.Extent.StartOffset)..(parts.Max(a => a.Extent.EndOffset) - ast.Extent.StartOffset)];
    }

    /// <summary>
    /// The script's code when it is a single expression that calls no command (so it cannot write a
    /// non-terminating error) and reads as the same expression in a method argument; otherwise null.
    /// </summary>
    private static string? OnlyExpression(ScriptBlockAst ast)
    {
        if (ast.EndBlock is not { Statements.Count: 1, Traps: null } block) return null;
        if (block.Statements[0] is not PipelineAst { PipelineElements: [CommandExpressionAst { Redirections.Count: 0 } element] }) return null;
        // A top-level comma would split into several arguments.
        if (element.Expression is ArrayLiteralAst) return null;
        if (element.Find(a => a is CommandAst or UsingExpressionAst or ScriptBlockExpressionAst, searchNestedScriptBlocks: true) is not null) return null;
        return element.Expression.Extent.Text;
    }

    /// <summary>
    /// A task in a job's new pwsh, where the module is not imported: one call into this assembly (<see cref="JobTask"/>)
    /// stamps the task and writes its output after the end stamp (so serialising it counts as getting the result
    /// back), then one stamp line. A compiled workload imports the module first; a script's task names the assembly
    /// with `using assembly`, which loads it as the script is parsed: each statement here is compiled again in every
    /// new process, and a call to load it would be one more.
    /// </summary>
    private static string JobBody(string? script)
    {
        if (script is null)
            return "$ErrorActionPreference = 'Stop'\nImport-Module -Name $__context.Module\n[ParallelCmdlets.PowerShellTools.JobTask]::RunWorkload($TaskId, $__context)\n";
        // ScriptBlock.Invoke runs one clause: a script with begin, process or end blocks is called from one that has it.
        if (Parser.ParseInput(script[1..^1], out _, out _) is { EndBlock.Unnamed: false } or { BeginBlock: not null } or { ProcessBlock: not null } or { DynamicParamBlock: not null })
            script = "{ & " + script + " @args }";
        return "$ErrorActionPreference = 'Stop'\n" + $"[ParallelCmdlets.PowerShellTools.JobTask]::Run($TaskId, {script}, $__arguments)\n";
    }

    /// <summary>The job script's first line, before its parameters: the assembly <see cref="JobTask"/> is in.</summary>
    internal static string JobAssemblyLine => $"using assembly '{CodeGeneration.EscapeSingleQuotedStringContent(typeof(JobTask).Assembly.Location)}'\n";
}

/// <summary>
/// What every task of an in-process tool reads, passed by reference as those tools pass arguments; its
/// <see cref="Run"/> stamps the task's start and end on its own thread around the task's code.
/// </summary>
public sealed class ToolTaskContext(long size, object?[] arguments, Workload workload, CancellationToken cancellation)
{
    public long Size { get; } = size;
    public Workload Workload { get; } = workload;
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The task's arguments, by reference: the ScriptBlock's -ArgumentList, or ScriptLoop's size.</summary>
    public object?[] Arguments { get; } = arguments;

    /// <summary>The ScriptBlock's $using: values by reference, by the name its rewritten code reads each from.</summary>
    public Hashtable Using { get; init; } = new();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, ToolTaskReport> started = new();

    /// <summary>Stamps a task's start in its own script; kept, so a task that fails before its end still has it.</summary>
    public ToolTaskReport Begin(int taskId) => started[taskId] = ToolTaskReport.Begin(taskId);

    /// <summary>As <see cref="Begin"/>, writing nothing: a statement of the task's script that returns nothing.</summary>
    public void Start(int taskId) => Begin(taskId);

    /// <summary>Stamps the end of a task begun with <see cref="Begin"/> and returns its report, for the tool to hand back.</summary>
    public ToolTaskReport? Finish(int taskId) => Started(taskId)?.Finish();

    /// <summary>
    /// As <see cref="Finish(int)"/>, for a task whose code is one expression, evaluated between the stamps as an
    /// argument (after <paramref name="started"/>, the start stamp's nothing): its value is the task's output,
    /// enumerated as PowerShell writes a statement's value.
    /// </summary>
    public ToolTaskReport? Finish(int taskId, object? started, object? output)
    {
        var report = Finish(taskId);
        if (report is not null) report.Output = Written(output);
        return report;
    }

    private static object? Written(object? value)
    {
        if (value is PSObject { BaseObject: var inner } && inner is not PSCustomObject) value = inner;
        if (LanguagePrimitives.GetEnumerable(value) is not { } items) return value;
        return PowerShellTask.OutputOf(items.Cast<object?>().ToList());
    }

    /// <summary>The report a task began, if it got that far.</summary>
    internal ToolTaskReport? Started(int taskId) => started.TryGetValue(taskId, out var report) ? report : null;

    /// <summary>Runs one task: the script with the workload's arguments, $Size and $TaskId, or the compiled workload when null.</summary>
    public ToolTaskReport Run(int taskId, ScriptBlock? script)
    {
        var report = Begin(taskId);
        try
        {
            if (script is null)
            {
                report.Output = Workload.Execute(taskId, Workload.CreateInput(taskId), null, Cancellation);
            }
            else
            {
                // A nested pipeline of the task's runspace, so a stop of the run reaches the task's commands.
                using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
                shell.AddScript("param($__script, $__arguments, $Size, $TaskId, $__context) $ErrorActionPreference = 'Stop'\n" +
                        UsingVariables.Assignments(Using.Keys.Cast<string>(), "$__context.Using") + "& $__script @__arguments", useLocalScope: true)
                    .AddArgument(script).AddArgument(Arguments).AddArgument(Size).AddArgument(taskId).AddArgument(this);
                using var stop = Cancellation.Register(() => shell.BeginStop(null, null));
                var result = shell.Invoke();
                if (shell.Streams.Error.Count > 0) throw new InvalidOperationException(shell.Streams.Error[0].ToString());
                report.Output = PowerShellTask.OutputOf(result);
            }
        }
        catch (PipelineStoppedException)
        {
            throw; // the tool is being stopped: not this task's failure
        }
        catch (RuntimeException e)
        {
            report.Fail(e.ErrorRecord?.ToString() ?? e.Message);
        }
        catch (Exception e) when (!Cancellation.IsCancellationRequested)
        {
            report.Fail(Executors.TaskErrors.Describe(e));
        }
        return report.Finish();
    }
}
