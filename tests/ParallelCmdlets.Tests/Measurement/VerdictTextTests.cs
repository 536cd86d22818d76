namespace ParallelCmdlets.Tests.Measurement;

/// <summary>
/// Verdict and Warnings, now views of the conclusions, read word for word as they did when they were the strings
/// themselves: users read them in tables and CSV. The expected texts are what main (9c2fe60) produced for the same rows.
/// </summary>
public class VerdictTextTests
{
    private static readonly Dictionary<string, (string Verdict, string Warnings)> Before = new()
    {
        ["superlinear Threads"] = ("superlinear: 2.80× is beyond the 2.0× that 2 workers on 2 cores allow; the baseline's tasks ran 1.4× slower than these (cache, memory or GC)",
            "speedup 2.80× is beyond the 2.0× that 2 workers on 2 cores allow: the baseline's tasks ran 1.4× slower than these (cache, memory or GC)"),
        ["tied Threads"] = ("waiting, not computing: 2.0× of the 2.0× that 2 workers allow; tie with Processes",
            ""),
        ["failed Threads"] = ("2 of 20 tasks did not complete; no speedup or fastest for a time with failed tasks: see errors",
            "2 of 20 tasks failed or were cancelled over 5 run(s) | noisy runs: elapsed varied 92 % (coefficient of variation, limit 10 %), so close other programs or raise -Repeat | 1 outlier run(s) of 5 (Tukey's fences): 9.00 s"),
        ["baseline beside failed Threads"] = ("baseline: one task at a time, 50 % CPU",
            ""),
        ["noisy short Threads alone"] = ("computing: each task kept 1.00 of a core busy",
            "tasks too short to time well: 0.2 ms each on average (under 1.0 ms), so raise -Size | noisy runs: elapsed varied 64 % (coefficient of variation, limit 10 %), so close other programs or raise -Repeat | 1 outlier run(s) of 5 (Tukey's fences): 30.0 ms"),
        ["Threads stopped by the GC"] = ("GC stopped the tasks 32 % of the time",
            "the GC stopped these threads 32 % of the time: one process has one heap, so try processes, or the same threads under server GC with -Strategy Processes -Workers 1 -ThreadsPerWorker 2 -GcMode Server"),
        ["Threads with three repeats"] = ("scales: 2.0× of the 2.0× that 2 workers allow",
            "3 repeat(s) cannot tell strategies apart at 95 % confidence: no winner is named, so use -Repeat 4 or more"),
        ["unsettled Threads"] = ("scales: 1.5× of the 2.0× that 2 workers allow",
            "runs fall in two groups, 300.0 ms–500.0 ms (2) and 1.00 s–3.00 s (3); neither collections, the first round nor other load tells them apart. The mean counts both; more runs weigh them as they come | did not settle: the comparison names no winner, as a mean known only within 300.0 ms–2.76 s after 5 runs cannot rank it; about 170 runs would reach ±12.5 %, more than a measurement should take: the runs vary too much, so close other programs or find what makes them differ | noisy runs: elapsed varied 83 % (coefficient of variation, limit 10 %), so close other programs or raise -Repeat"),
        ["Processes under server GC"] = ("scales: 2.0× of the 2.0× that 2 workers allow",
            "GC differs from the baseline's: server, concurrent here, workstation, non-concurrent for Sequential"),
        ["Threads on a busy machine"] = ("machine busy with other work: other processes used 45 % of the cores",
            "5 of the 5 runs kept were disturbed too (other programs used 33 % of the cores or more): after 5 repeats the machine was measured as it is, so close other programs and run again | machine busy: other processes used 45 % of the cores during these runs"),
    };

    public static TheoryData<string> CaseNames => [.. RepresentativeResults.Rows.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Verdict_and_warnings_read_as_they_did_before_conclusions(string name)
    {
        var row = RepresentativeResults.Rows[name]();

        Assert.Equal(Before[name].Verdict, row.Verdict);
        Assert.Equal(Before[name].Warnings, row.Warnings);
    }

    [Fact]
    public void Every_representative_row_has_its_text_from_before()
    {
        Assert.Equal(RepresentativeResults.Rows.Keys.Order(), Before.Keys.Order());
    }
}
