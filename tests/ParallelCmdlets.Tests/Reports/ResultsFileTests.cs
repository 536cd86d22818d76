using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Reports;
using ParallelCmdlets.Tests.Measurement;

namespace ParallelCmdlets.Tests.Reports;

public class ResultsFileTests
{
    private static readonly EnvironmentInfo Environment = EnvironmentInfo.Capture("7.6.9", ".NET 10.0.1", "server, non-concurrent");

    /// <summary>A comparison whose every field is set: each task record's fields differ from their defaults.</summary>
    private static IReadOnlyList<StrategyResult> Comparison()
    {
        var measured = new[]
        {
            SyntheticRuns.Measured(Strategy.Sequential, SyntheticRuns.Around(4), 1),
            SyntheticRuns.Measured(Strategy.Processes, SyntheticRuns.Around(1.5), 1, workers: 2, threadsPerWorker: 2, transfer: 0.1, failedInFirst: 1),
        };
        var filled = measured.Select(m => m with { Runs = m.Runs.Select(Filled).ToList() }).ToArray();
        return ParallelCmdlets.Measurement.Comparison.Analyze(filled, 2, Environment);
    }

    private static RunResult Filled(RunResult run, int round)
    {
        var started = new DateTime(2026, 11, 26, 1, 2, 3, DateTimeKind.Utc).AddSeconds(round * 7.123);
        return new RunResult
        {
            RunId = run.RunId, Workload = "Transfer", Size = 1234, SizeUnit = "rows of 1,000 doubles", Warmup = 2, StartedUtc = started,
            Strategy = run.Strategy, Workers = run.Workers, ThreadsPerWorker = run.ThreadsPerWorker, Tasks = run.Tasks, Round = round + 1,
            Elapsed = run.Elapsed, StartupSeconds = 0.321, CpuSeconds = run.CpuSeconds, GcPauseSeconds = 0.01 / 3, GcPauseShare = 0.05,
            OtherLoad = round == 0 ? null : 0.125, GcMode = run.GcMode, Cores = 2,
            Records = run.Records.Select(r => r with
            {
                Workload = "Transfer", Size = 1234, SizeUnit = "rows of 1,000 doubles", Warmup = 2, RunStartedUtc = started,
                Workers = run.Workers, ThreadsPerWorker = run.ThreadsPerWorker, WorkerId = r.TaskId % 2 + 1, ProcessId = 4000 + r.TaskId,
                ThreadId = 17, Submitted = 0.001 * r.TaskId, Start = 0.1 * r.TaskId, End = 0.1 * r.TaskId + 1 / 3.0,
                CpuSeconds = 0.3, BytesIn = 80_000_000, BytesOut = 80_000_001,
                Error = r.Status == TaskState.Failed ? "worker 2 exited with code 137: \"killed\" ✗" : null,
            }).ToArray(),
        };
    }

    private static IReadOnlyList<ResultsFileEntry> RoundTrip(IReadOnlyList<StrategyResult> results, ResultKind kind = ResultKind.StrategyResult) =>
        ResultsFile.Parse(ResultsFile.Render(results.Select(r => new ResultsFileEntry(r, kind)), DateTime.UtcNow, "ParallelCmdlets test"), "memory.json");

    /// <summary>Every public property, compared member by member down through lists and nested objects.</summary>
    private static void AssertSame(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: {expected ?? "null"} became {actual ?? "null"}");
            return;
        }
        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or DateTime or decimal)
        {
            Assert.True(expected.Equals(actual), $"{path}: {expected} became {actual}");
            if (expected is DateTime time) Assert.Equal(time.Kind, ((DateTime)actual).Kind);
            return;
        }
        if (expected is IEnumerable list)
        {
            var a = list.Cast<object?>().ToList();
            var b = ((IEnumerable)actual).Cast<object?>().ToList();
            Assert.True(a.Count == b.Count, $"{path}: {a.Count} items became {b.Count}");
            for (var i = 0; i < a.Count; i++) AssertSame(a[i], b[i], $"{path}[{i}]");
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (property.GetIndexParameters().Length == 0 && property.Name != nameof(StrategyResult.ImportedFrom))
                AssertSame(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
    }

    [Fact]
    public void Every_field_of_every_result_run_task_record_and_the_environment_comes_back_equal()
    {
        var results = Comparison();

        var back = RoundTrip(results);

        Assert.Equal(results.Count, back.Count);
        for (var i = 0; i < results.Count; i++) AssertSame(results[i], back[i].Result, $"Results[{i}]");
        Assert.Contains(back, e => e.Result.FailedTasks > 0 && e.Result.Runs.Any(r => r.Records.Any(t => t.Error is not null)));
    }

    [Fact]
    public void Imported_results_are_marked_with_their_file_and_live_ones_are_not()
    {
        var results = Comparison();

        var back = RoundTrip(results);

        Assert.All(results, r => Assert.Null(r.ImportedFrom));
        Assert.All(back, e => Assert.Equal("memory.json", e.Result.ImportedFrom));
    }

    [Fact]
    public void A_scaling_point_comes_back_as_the_point_measure_scaling_made()
    {
        var results = Comparison();
        var points = ScalingSweep.Points(results, 1234, Environment.LogicalCores);

        var back = RoundTrip(results, ResultKind.ScalingPoint).Select(ResultsFile.ToObject).ToList();

        Assert.All(back, o => Assert.IsType<ScalingPoint>(o));
        for (var i = 0; i < points.Count; i++) AssertSame(points[i], back[i], $"Points[{i}]");
    }

    [Fact]
    public void The_document_names_its_format_and_version_and_each_result_its_kind()
    {
        var text = ResultsFile.Render(Comparison().Select(r => new ResultsFileEntry(r, ResultKind.StrategyResult)), new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), "ParallelCmdlets 9.9.9");
        var document = JsonNode.Parse(text)!.AsObject();

        Assert.Equal(["Format", "Version", "ExportedUtc", "ExportedBy", "Results", "Answers"], document.Select(p => p.Key));
        Assert.Equal("ParallelCmdlets.Results", (string?)document["Format"]);
        Assert.Equal("1.2", (string?)document["Version"]);
        Assert.Equal(AnswerRules.For(Comparison()).Summary, (string?)document["Answers"]![0]!["Summary"]);
        Assert.Equal("2026-01-02T03:04:05.0000000Z", (string?)document["ExportedUtc"]);
        var first = document["Results"]![0]!.AsObject();
        Assert.Equal("Kind", first.First().Key);
        Assert.Equal("Sequential", (string?)first["Strategy"]);
        Assert.Equal("Completed", (string?)first["Runs"]![0]!["Records"]![0]!["Status"]);
        Assert.False(first.ContainsKey("TaskRecords"), "the shown run's tasks are written once, inside Runs");
        Assert.False(first.ContainsKey("ImportedFrom"));
    }

    [Fact]
    public void Every_field_written_is_documented_in_the_results_json_page()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "RESULTS-JSON.md"));
        var text = ResultsFile.Render(Comparison().Select(r => new ResultsFileEntry(r, ResultKind.StrategyResult)), DateTime.UtcNow, "x");
        var document = JsonNode.Parse(text)!.AsObject();
        var result = document["Results"]![0]!.AsObject();
        var names = document.Select(p => p.Key)
            .Concat(result.Select(p => p.Key))
            .Concat(result["Environment"]!.AsObject().Select(p => p.Key))
            .Concat(result["Runs"]![0]!.AsObject().Select(p => p.Key))
            .Concat(result["Runs"]![0]!["Records"]![0]!.AsObject().Select(p => p.Key))
            .Distinct();

        Assert.All(names, name => Assert.Contains($"`{name}`", page));
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ParallelCmdlets.psd1"))) folder = folder.Parent;
        return folder?.FullName ?? throw new DirectoryNotFoundException("The repository root (with ParallelCmdlets.psd1) is not above the test's folder.");
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("10.3")]
    public void A_file_of_a_newer_major_version_is_refused_saying_to_update(string version)
    {
        var text = ResultsFile.Render([], DateTime.UtcNow, "x").Replace($"\"Version\": \"{ResultsFile.Version.ToString(2)}\"", $"\"Version\": \"{version}\"");

        var e = Assert.Throws<ResultsFileException>(() => ResultsFile.Parse(text, "future.json"));

        Assert.Equal(ResultsFileProblem.NewerVersion, e.Problem);
        Assert.Contains($"format {version}", e.Message);
        Assert.Contains("newer ParallelCmdlets", e.Message);
        Assert.Contains("Update ParallelCmdlets", e.Message);
    }

    [Fact]
    public void A_file_of_a_newer_minor_version_is_read_ignoring_fields_it_does_not_know()
    {
        var text = ResultsFile.Render(Comparison().Select(r => new ResultsFileEntry(r, ResultKind.StrategyResult)), DateTime.UtcNow, "x")
            .Replace($"\"Version\": \"{ResultsFile.Version.ToString(2)}\"", "\"Version\": \"1.7\"")
            .Replace("\"Kind\": \"StrategyResult\",", "\"Kind\": \"StrategyResult\", \"SomethingNew\": [1, 2],");

        var back = ResultsFile.Parse(text, "later.json");

        Assert.Equal(2, back.Count);
    }

    /// <summary>The document of <see cref="Comparison"/> as format 1.1 wrote it: the same, without Conclusions.</summary>
    private static JsonObject AsFormat11(IReadOnlyList<StrategyResult> results)
    {
        var document = JsonNode.Parse(ResultsFile.Render(results.Select(r => new ResultsFileEntry(r, ResultKind.StrategyResult)), DateTime.UtcNow, "x"))!.AsObject();
        document["Version"] = "1.1";
        foreach (var item in document["Results"]!.AsArray()) item!.AsObject().Remove("Conclusions");
        return document;
    }

    [Fact]
    public void The_conclusions_come_back_with_their_ids_kinds_and_figures()
    {
        var results = Comparison();

        var back = RoundTrip(results);

        for (var i = 0; i < results.Count; i++)
            Assert.Equal(results[i].Conclusions.Select(c => (c.Id, c.Kind, c.Sentence)), back[i].Result.Conclusions.Select(c => (c.Id, c.Kind, c.Sentence)));
        Assert.Contains(back, e => e.Result.Conclusions.Any(c => c.Figures.Count > 0));
    }

    [Fact]
    public void A_file_of_format_1_1_is_read_with_its_verdict_and_warnings_as_written_and_its_conclusions_unclassified()
    {
        var results = Comparison();

        var back = ResultsFile.Parse(AsFormat11(results).ToJsonString(), "old.json");

        Assert.Equal(results.Select(r => r.Verdict), back.Select(e => e.Result.Verdict));
        Assert.Equal(results.Select(r => r.Warnings), back.Select(e => e.Result.Warnings));
        Assert.All(back, e => Assert.All(e.Result.Conclusions, c => Assert.Equal(ConclusionId.Unclassified, c.Id)));
    }

    [Fact]
    public void The_warnings_of_a_1_1_file_come_back_one_by_one_after_its_verdict()
    {
        var document = AsFormat11(Comparison());
        var item = document["Results"]![0]!.AsObject();
        item["Verdict"] = "baseline: one task at a time, 50 % CPU";
        item["Warnings"] = "first" + StrategyResult.WarningSeparator + "second";

        var result = ResultsFile.Parse(document.ToJsonString(), "old.json")[0].Result;

        Assert.Equal([ConclusionKind.Verdict, ConclusionKind.Warning, ConclusionKind.Warning], result.Conclusions.Select(c => c.Kind));
        Assert.Equal("baseline: one task at a time, 50 % CPU", result.Verdict);
        Assert.Equal(["first", "second"], result.GetWarnings());
    }

    [Fact]
    public void A_conclusion_id_this_module_does_not_know_reads_as_unclassified_with_its_sentence()
    {
        var document = JsonNode.Parse(ResultsFile.Render(Comparison().Select(r => new ResultsFileEntry(r, ResultKind.StrategyResult)), DateTime.UtcNow, "x"))!.AsObject();
        var first = document["Results"]![0]!["Conclusions"]![0]!.AsObject();
        first["Id"] = "SomethingNewer";
        first["Sentence"] = "a finding of a newer module";

        var result = ResultsFile.Parse(document.ToJsonString(), "newer.json")[0].Result;

        Assert.Equal(ConclusionId.Unclassified, result.Conclusions[0].Id);
        Assert.Equal("a finding of a newer module", result.Conclusions[0].Sentence);
    }

    [Fact]
    public void A_missing_file_is_refused_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-results-{Guid.NewGuid():N}.json");

        var e = Assert.Throws<ResultsFileException>(() => ResultsFile.Read(path));

        Assert.Equal(ResultsFileProblem.NotFound, e.Problem);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_file_that_is_not_json_is_refused_as_such()
    {
        var e = Assert.Throws<ResultsFileException>(() => ResultsFile.Parse("Workload,Strategy\nLoop,Threads\n", "runs.csv"));

        Assert.Equal(ResultsFileProblem.NotJson, e.Problem);
        Assert.StartsWith("'runs.csv' is not JSON", e.Message);
    }

    [Theory]
    [InlineData("{\"displayTimeUnit\": \"ms\", \"traceEvents\": []}", "no \"Format\"")]
    [InlineData("[1, 2, 3]", "no \"Format\"")]
    [InlineData("{\"Format\": \"ParallelCmdlets.Results\", \"Results\": []}", "\"Version\" is missing")]
    [InlineData("{\"Format\": \"ParallelCmdlets.Results\", \"Version\": \"1.0\"}", "no \"Results\" array")]
    [InlineData("{\"Format\": \"ParallelCmdlets.Results\", \"Version\": \"1.0\", \"Results\": [{\"Elapsed\": \"fast\"}]}", "Results[0] could not be read")]
    [InlineData("{\"Format\": \"ParallelCmdlets.Results\", \"Version\": \"1.0\", \"Results\": [{\"Strategy\": \"Teleport\"}]}", "Results[0] could not be read")]
    public void Json_of_another_shape_is_refused_saying_what_is_wrong(string text, string why)
    {
        var e = Assert.Throws<ResultsFileException>(() => ResultsFile.Parse(text, "other.json"));

        Assert.Equal(ResultsFileProblem.NotResults, e.Problem);
        Assert.Contains("'other.json' is not a ParallelCmdlets results file", e.Message);
        Assert.Contains(why, e.Message);
    }
}
