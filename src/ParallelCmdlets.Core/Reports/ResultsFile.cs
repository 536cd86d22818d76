using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Reports;

/// <summary>What a result was when it was exported, so it comes back as the same kind of object.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
public enum ResultKind
{
    /// <summary>A row of Measure-Strategy or Compare-Strategy.</summary>
    StrategyResult,

    /// <summary>A point of Measure-Scaling: its StrategyResult, read back as a ScalingPoint at the result's Size.</summary>
    ScalingPoint,
}

/// <summary>One result in a results file, and what it was.</summary>
public sealed record ResultsFileEntry(StrategyResult Result, ResultKind Kind);

/// <summary>Why a results file could not be read.</summary>
public enum ResultsFileProblem
{
    NotFound,
    NotJson,
    NotResults,
    NewerVersion,
}

/// <summary>A results file that cannot be read, with a message that says what to do.</summary>
public sealed class ResultsFileException(string message, ResultsFileProblem problem, Exception? inner = null) : Exception(message, inner)
{
    public ResultsFileProblem Problem { get; } = problem;
}

/// <summary>
/// Results that travel, as BenchmarkDotNet's JSON exporter writes them: one JSON document holding every
/// StrategyResult with its environment, its runs and every task record of each, so a run measured on one
/// machine can be drawn and compared on another. docs/RESULTS-JSON.md documents the shape; <see cref="Version"/>
/// rises in its minor number when fields are added and in its major number when a reader of the old shape
/// would misread the new one.
/// </summary>
public static class ResultsFile
{
    /// <summary>The value of the document's "Format" field: what tells a results file from other JSON.</summary>
    public const string Format = "ParallelCmdlets.Results";

    /// <summary>1.2 added each result's <c>Conclusions</c>; a file of 1.1 or older is read with its sentences as unclassified conclusions.</summary>
    public static readonly Version Version = new(1, 2);

    /// <summary>The first version whose results keep their <c>Conclusions</c>.</summary>
    private static readonly Version ConclusionsVersion = new(1, 2);

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // A coefficient of variation of no runs, say, is NaN: written as "NaN", not refused.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new ConclusionIdConverter(), new JsonStringEnumConverter(), new RunListConverter() },
    };

    /// <summary>The document for <paramref name="entries"/>, as text.</summary>
    public static string Render(IEnumerable<ResultsFileEntry> entries, DateTime exportedUtc, string exportedBy)
    {
        var results = new JsonArray();
        var list = entries.ToList();
        foreach (var entry in list)
        {
            var result = JsonSerializer.SerializeToNode(entry.Result, Options)!.AsObject();
            var item = new JsonObject { ["Kind"] = entry.Kind.ToString() };
            foreach (var (name, value) in result.ToList())
            {
                result.Remove(name);
                item[name] = value;
            }
            results.Add(item);
        }
        var document = new JsonObject
        {
            ["Format"] = Format,
            ["Version"] = Version.ToString(2),
            ["ExportedUtc"] = exportedUtc.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture),
            ["ExportedBy"] = exportedBy,
            ["Results"] = results,
            // Derived from the results, for readers of the file; Import-Result reads the results, and Get-Answer answers them again.
            ["Answers"] = JsonSerializer.SerializeToNode(
                AnswerRules.ForEach(list.Where(e => e.Kind == ResultKind.StrategyResult).Select(e => e.Result)), Options),
        };
        return document.ToJsonString(Options) + "\n";
    }

    /// <summary>Reads the file at <paramref name="path"/>; every result is marked as imported from it.</summary>
    public static IReadOnlyList<ResultsFileEntry> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ResultsFileException($"There is no file '{path}'. Give the path of a file written by Export-Result.", ResultsFileProblem.NotFound, e);
        }
        return Parse(text, path);
    }

    /// <summary>Reads a document; <paramref name="source"/> names it in messages and in each result's ImportedFrom.</summary>
    public static IReadOnlyList<ResultsFileEntry> Parse(string text, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ResultsFileException($"'{source}' is not JSON ({e.Message}). Import-Result reads the files Export-Result writes.", ResultsFileProblem.NotJson, e);
        }
        if (root is not JsonObject document || !IsResultsFormat(document))
            throw NotResults(source, $"it has no \"Format\": \"{Format}\"");
        var version = ReadVersion(document, source);
        if (version.Major > Version.Major)
            throw new ResultsFileException(
                $"'{source}' holds results format {version.ToString(2)}, written by a newer ParallelCmdlets; this one reads format {Version.Major}.x. Update ParallelCmdlets to import it.",
                ResultsFileProblem.NewerVersion);
        if (document["Results"] is not JsonArray results) throw NotResults(source, "it has no \"Results\" array");
        var entries = new List<ResultsFileEntry>(results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i] is not JsonObject item) throw NotResults(source, $"Results[{i}] is not an object");
            try
            {
                var kind = item["Kind"]?.GetValue<string>() is { } name ? Enum.Parse<ResultKind>(name) : ResultKind.StrategyResult;
                if (version < ConclusionsVersion || item["Conclusions"] is null) item["Conclusions"] = LegacyConclusions(item);
                var result = item.Deserialize<StrategyResult>(Options) ?? throw new JsonException("null");
                result.ImportedFrom = source;
                entries.Add(new ResultsFileEntry(result, kind));
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
            {
                throw NotResults(source, $"Results[{i}] could not be read ({e.Message})", e);
            }
        }
        return entries;
    }

    /// <summary>
    /// A result written before results kept their conclusions holds only the sentences: its verdict, and its warnings
    /// joined by <see cref="StrategyResult.WarningSeparator"/> (which no warning holds). They come back as
    /// conclusions of id <see cref="ConclusionId.Unclassified"/>, so Verdict and Warnings read as they were written;
    /// what they say is not guessed from their words.
    /// </summary>
    private static JsonArray LegacyConclusions(JsonObject item)
    {
        static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
        var conclusions = new JsonArray();
        void Add(ConclusionKind kind, string sentence) => conclusions.Add(new JsonObject
        {
            ["Id"] = nameof(ConclusionId.Unclassified),
            ["Kind"] = kind.ToString(),
            ["Sentence"] = sentence,
            ["Figures"] = new JsonObject(),
        });
        var verdict = Text(item["Verdict"]);
        if (verdict.Length > 0) Add(ConclusionKind.Verdict, verdict);
        var warnings = Text(item["Warnings"]);
        if (warnings.Length > 0)
            foreach (var warning in warnings.Split(StrategyResult.WarningSeparator)) Add(ConclusionKind.Warning, warning);
        return conclusions;
    }

    private static bool IsResultsFormat(JsonObject document) =>
        document["Format"] is JsonValue value && value.TryGetValue<string>(out var format) && format == Format;

    private static Version ReadVersion(JsonObject document, string source)
    {
        if (document["Version"] is JsonValue value && value.TryGetValue<string>(out var text)
            && System.Version.TryParse(text.Contains('.') ? text : text + ".0", out var version))
            return version;
        throw NotResults(source, "its \"Version\" is missing or not of the form major.minor");
    }

    private static ResultsFileException NotResults(string source, string why, Exception? inner = null) =>
        new($"'{source}' is not a ParallelCmdlets results file: {why}. Import-Result reads the files Export-Result writes.", ResultsFileProblem.NotResults, inner);

    /// <summary>An entry back as what it was exported as: a StrategyResult, or a ScalingPoint rebuilt from it as Measure-Scaling built it.</summary>
    public static object ToObject(ResultsFileEntry entry) => entry.Kind switch
    {
        ResultKind.ScalingPoint => ScalingSweep.Points([entry.Result], entry.Result.Size, entry.Result.Environment?.LogicalCores ?? System.Environment.ProcessorCount)[0],
        _ => entry.Result,
    };

    /// <summary>A conclusion's id by name; one this module does not know (a newer module's) reads as Unclassified, its sentence kept.</summary>
    private sealed class ConclusionIdConverter : JsonConverter<ConclusionId>
    {
        public override ConclusionId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && Enum.TryParse<ConclusionId>(reader.GetString(), ignoreCase: false, out var id) && Enum.IsDefined(id)
                ? id
                : reader.TokenType == JsonTokenType.String ? ConclusionId.Unclassified : throw new JsonException("a conclusion's Id is a name");

        public override void Write(Utf8JsonWriter writer, ConclusionId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    /// <summary>A RunList is written as the array of its runs and read back from one.</summary>
    private sealed class RunListConverter : JsonConverter<RunList>
    {
        public override RunList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<List<RunResult>>(ref reader, options) ?? []);

        public override void Write(Utf8JsonWriter writer, RunList value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToList(), options);
    }
}
