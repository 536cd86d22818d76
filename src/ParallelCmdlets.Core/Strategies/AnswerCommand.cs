using System.Globalization;

namespace ParallelCmdlets.Strategies;

/// <summary>
/// What a toolchain needs to write the command of an answer: the row, the user's block on one line (or the built-in
/// workload's name), the throttle, and whether the tasks took an argument, which the command then passes as the item.
/// </summary>
public sealed record AnswerCommand(StrategyResult Result, string Block)
{
    public string Workers => Result.Workers.ToString(CultureInfo.InvariantCulture);

    /// <summary>The tasks got an -ArgumentList: the command calls the block with the user's item in its place.</summary>
    public bool TakesItem => Result.Arguments is not null;

    public bool Wrapped => Result.Wrapped;

    /// <summary>A built-in workload, which only the module runs: <c>-Name Loop</c> rather than a block.</summary>
    public bool IsBuiltIn => Result.Code is null && Result.Workload != Measurement.AnswerRules.ScriptBlockWorkload;

    /// <summary>The module's own run of the tasks, their output written after their records (-PassThru).</summary>
    public string InvokeWorkload()
    {
        var r = Result;
        var what = IsBuiltIn ? $"-Name {r.Workload}" : TakesItem ? $"-ScriptBlock {Block} -ArgumentList {r.Arguments}" : $"-ScriptBlock {Block}";
        return $"Invoke-Workload {what} -Strategy {r.Strategy} -Workers {r.Workers}" +
            (r.ThreadsPerWorker > 1 ? $" -ThreadsPerWorker {r.ThreadsPerWorker}" : "") +
            (r.TransferMode != TransferMode.Copy ? $" -TransferMode {r.TransferMode}" : "") +
            $" -Tasks {r.Tasks} -PassThru";
    }
}
