using System.Collections;

namespace ParallelCmdlets;

/// <summary>What a conclusion is to a reader: the one verdict on why, a warning about the numbers, or advice.</summary>
// Written by name by PowerShell's ConvertTo-Json (Json.NET), as Export-Csv and Format-Table already show it.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
public enum ConclusionKind
{
    /// <summary>Why the strategy was as fast as it was: one per result (and the strategies it ties with).</summary>
    Verdict,
    /// <summary>Something a careful reader should know about these numbers.</summary>
    Warning,
    /// <summary>What to measure or change next.</summary>
    Hint,
}

/// <summary>
/// Which finding a conclusion states: stable names that code, tests and scripts test for, never the sentence
/// (which may be reworded). A verdict and a warning about the same finding share its id (Superlinear, BusyMachine,
/// FailedTasks) and differ in <see cref="ConclusionKind"/>.
/// </summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
public enum ConclusionId
{
    /// <summary>Read from a results file written before results kept their conclusions (format 1.1 or older), or named by a newer module: the sentence alone.</summary>
    Unclassified,

    // Verdicts, in the order VerdictRules tries them.
    /// <summary>Tasks did not complete: no speedup or fastest.</summary>
    FailedTasks,
    /// <summary>The Sequential baseline itself.</summary>
    Baseline,
    /// <summary>Tasks of the Sequential baseline did not complete: no speedup for anyone.</summary>
    BaselineFailed,
    /// <summary>Without a baseline: each task kept a core busy.</summary>
    Computing,
    /// <summary>Without a baseline: each task mostly waited.</summary>
    Waiting,
    /// <summary>Without a baseline: between computing and waiting.</summary>
    PartWaiting,
    /// <summary>A tool's row as written beside its fixed form (a scope of its own), which was faster beyond noise.</summary>
    WrappedFaster,
    /// <summary>A tool's row as written beside its fixed form, which was no faster beyond noise.</summary>
    WrappedNoFaster,
    /// <summary>More speedup than the workers and cores allow: the baseline was slowed by something else.</summary>
    Superlinear,
    /// <summary>Close to what the cores (or workers) allow.</summary>
    Scales,
    /// <summary>Close to what the workers allow, for tasks that wait rather than compute.</summary>
    ScalesWaiting,
    /// <summary>A PowerShell tool's per-task cost (runspaces, a pwsh process, the pool) outweighs the task.</summary>
    ToolOverhead,
    /// <summary>Start-Job: serialising results back is most of its per-task cost, which outweighs the task.</summary>
    ToolSerialisation,
    /// <summary>A script run dot-sourced, without optimised locals, did more work per task than alone.</summary>
    UnoptimizedScript,
    /// <summary>Remote: moving large CLIXML through remoting dominates.</summary>
    RemoteSerialisation,
    /// <summary>Remote: the round trip every task pays dominates.</summary>
    RemoteRoundTrips,
    /// <summary>Moving data between processes dominates.</summary>
    Copying,
    /// <summary>Handing tasks over and back, with next to no data, dominates.</summary>
    HandOff,
    /// <summary>Other processes took the cores.</summary>
    BusyMachine,
    /// <summary>One task at a time already kept the cores busy.</summary>
    CoresAlreadyBusy,
    /// <summary>Garbage collection stopped the tasks.</summary>
    GcPauses,
    /// <summary>Tasks slower than alone beyond what sharing the cores explains.</summary>
    Contention,
    /// <summary>Within noise of one task at a time.</summary>
    NoGain,
    /// <summary>Slower than one task at a time.</summary>
    Overhead,
    /// <summary>Faster, but short of what the workers and cores allow.</summary>
    PartialGain,
    /// <summary>No significant difference from the strategies named.</summary>
    Tie,

    // Warnings and hints, in the order a result lists them.
    /// <summary>The runner had to cut a fixed -Repeat to stay within -MaxSeconds.</summary>
    RepeatsShortened,
    /// <summary>An open warm-up was stopped while runs still fell, to leave -MaxSeconds room for the timed runs.</summary>
    WarmupCut,
    /// <summary>Runs disturbed by other programs were run again.</summary>
    DisturbedRunsRepeated,
    /// <summary>Runs kept were disturbed too, after the repeats allowed.</summary>
    DisturbedRunsKept,
    /// <summary>Timed runs kept while .NET was still compiling, after the repeats the rule allows.</summary>
    StillCompiling,
    /// <summary>The round limit or time budget came before the precision asked.</summary>
    PrecisionNotReached,
    /// <summary>The runs fall in separate groups.</summary>
    SeveralModes,
    /// <summary>The means were too uncertain to name a winner or a tie.</summary>
    DidNotSettle,
    /// <summary>Tasks themselves parallel, run side by side on too few cores.</summary>
    NestedParallelism,
    /// <summary>Tasks too short to time well.</summary>
    ShortTasks,
    /// <summary>Too few repeats to name a winner at the stated confidence.</summary>
    FewRepeats,
    /// <summary>The tasks ran under another garbage collector than the baseline's.</summary>
    GcModeDiffers,
    /// <summary>Elapsed times varied more than the limit.</summary>
    NoisyRuns,
    /// <summary>Runs outside Tukey's fences.</summary>
    Outliers,
    /// <summary>Threads stopped by the GC: measure them in processes, or under server GC.</summary>
    GcAdvice,
}

/// <summary>
/// One judgement about a result, as BenchmarkDotNet's analysers return them: which finding (<see cref="Id"/>), what
/// kind, the figures it rests on by name, and the sentence users read. Code reads the id and the figures; the
/// sentence is for people, and <see cref="StrategyResult.Verdict"/> and <see cref="StrategyResult.Warnings"/> are
/// made of sentences alone.
/// </summary>
public sealed class Conclusion
{
    public ConclusionId Id { get; init; }
    public ConclusionKind Kind { get; init; }

    /// <summary>The sentence users read in tables, CSV and reports.</summary>
    public string Sentence { get; init; } = "";

    /// <summary>The numbers behind the sentence, by name ("Speedup", "Bound", "Workers", "Cores", …).</summary>
    public IReadOnlyDictionary<string, double> Figures { get; init; } = new Dictionary<string, double>();

    /// <summary>The figure named, or null when this conclusion has none by that name.</summary>
    public double? Figure(string name) => Figures.TryGetValue(name, out var value) ? value : null;

    public static Conclusion Verdict(ConclusionId id, string sentence, params (string Name, double Value)[] figures) => New(id, ConclusionKind.Verdict, sentence, figures);
    public static Conclusion Warning(ConclusionId id, string sentence, params (string Name, double Value)[] figures) => New(id, ConclusionKind.Warning, sentence, figures);
    public static Conclusion Hint(ConclusionId id, string sentence, params (string Name, double Value)[] figures) => New(id, ConclusionKind.Hint, sentence, figures);

    private static Conclusion New(ConclusionId id, ConclusionKind kind, string sentence, (string Name, double Value)[] figures) => new()
    {
        Id = id,
        Kind = kind,
        // Warnings are joined with " | " in the Warnings column: one never holds it, so the column splits back into them.
        Sentence = kind == ConclusionKind.Verdict ? sentence : sentence.Replace(StrategyResult.WarningSeparator, ", ", StringComparison.Ordinal),
        Figures = figures.ToDictionary(f => f.Name, f => f.Value),
    };

    public override string ToString() => $"{Id}: {Sentence}";
}

/// <summary>
/// A result's conclusions; reads as their ids, so an Export-Csv column stays one short cell
/// ("Scales, FewRepeats"), while Verdict and Warnings hold the sentences.
/// </summary>
public sealed class ConclusionList(IReadOnlyList<Conclusion> conclusions) : IReadOnlyList<Conclusion>
{
    public Conclusion this[int index] => conclusions[index];
    public int Count => conclusions.Count;
    public IEnumerator<Conclusion> GetEnumerator() => conclusions.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether a conclusion of this id (of any kind) is among them.</summary>
    public bool Has(ConclusionId id) => conclusions.Any(c => c.Id == id);

    /// <summary>The first conclusion of this id, or null.</summary>
    public Conclusion? Find(ConclusionId id) => conclusions.FirstOrDefault(c => c.Id == id);

    /// <summary>The sentences of the verdicts, joined as the Verdict column shows them: "scales: …; tie with Processes".</summary>
    public string VerdictText => string.Join(VerdictSeparator, conclusions.Where(c => c.Kind == ConclusionKind.Verdict).Select(c => c.Sentence));

    /// <summary>The warnings' and hints' sentences, each on its own, in order.</summary>
    public IReadOnlyList<string> WarningSentences => conclusions.Where(c => c.Kind != ConclusionKind.Verdict).Select(c => c.Sentence).ToList();

    /// <summary>Between a verdict and the ties that follow it.</summary>
    public const string VerdictSeparator = "; ";

    public override string ToString() => string.Join(", ", conclusions.Select(c => c.Id.ToString()).Distinct());
}

/// <summary>
/// The names of the figures more than one rule or reader uses, so they are spelt alike; the others are named after
/// the StrategyFacts property they hold (TransferShare, GcPauseShare, OtherLoad, …).
/// </summary>
public static class FigureNames
{
    public const string Speedup = nameof(Speedup);

    /// <summary>The most speedup the workers and cores allow (StrategyFacts.SpeedupBound).</summary>
    public const string Bound = nameof(Bound);

    /// <summary>Tasks that could run at once (StrategyFacts.Parallel).</summary>
    public const string Workers = nameof(Workers);
    public const string Cores = nameof(Cores);
}
