using System.Text.Json;
using FluentAssertions;
using Hesione.PromQL.MetricsQL;
using Hesione.Tests.PromQL;
using Xunit.Abstractions;

namespace Hesione.Tests.MetricsQL;

/// <summary>
/// Agreement with MetricsQL's own parser tests (<c>shared/conformance/metricsql-parser.json</c>): every valid
/// query prints exactly as MetricsQL prints it, every invalid one is refused. When the data is absent the tests
/// are skipped with the reason.
/// </summary>
public class MetricsQLConformanceTests(ITestOutputHelper output)
{
    private sealed record ValidCase(string Query, string Expected);

    private const string DataFile = "metricsql-parser.json";

    private static (List<ValidCase> Valid, List<string> Invalid) Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(ConformanceData.PathOf(DataFile)));
        var valid = doc.RootElement.GetProperty("valid").EnumerateArray()
            .Select(e => new ValidCase(e.GetProperty("query").GetString()!, e.GetProperty("expected").GetString()!)).ToList();
        var invalid = doc.RootElement.GetProperty("invalid").EnumerateArray().Select(e => e.GetString()!).ToList();
        valid.Should().NotBeEmpty($"{DataFile} holds the valid queries to check");
        invalid.Should().NotBeEmpty($"{DataFile} holds the invalid queries to check");
        return (valid, invalid);
    }

    [ConformanceFact(DataFile)]
    public void Valid_queries_print_exactly_as_MetricsQL_prints_them()
    {
        var data = Load();
        var wrong = data.Valid
            .Select(c => (c, Result: MetricsQLParser.Parse(c.Query)))
            .Where(r => !r.Result.Success || r.Result.Value!.ToString() != r.c.Expected)
            .Select(r => $"{r.c.Query} -> {(r.Result.Success ? r.Result.Value!.ToString() : r.Result.ErrorMessage)}, want {r.c.Expected}")
            .ToList();
        output.WriteLine($"metricsql valid: {data.Valid.Count - wrong.Count}/{data.Valid.Count} printed exactly");
        wrong.Should().BeEmpty();
    }

    [ConformanceFact(DataFile)]
    public void Invalid_queries_are_refused()
    {
        var data = Load();
        var accepted = data.Invalid.Where(q => MetricsQLParser.Parse(q).Success).ToList();
        output.WriteLine($"metricsql invalid: {data.Invalid.Count - accepted.Count}/{data.Invalid.Count} refused");
        accepted.Should().BeEmpty();
    }

    [ConformanceFact(DataFile)]
    public void Printed_forms_parse_back_to_equal_trees()
    {
        var data = Load();
        foreach (var c in data.Valid)
        {
            var first = MetricsQLParser.Parse(c.Query).Value!;
            var printed = first.ToString();
            var again = MetricsQLParser.Parse(printed);
            if (printed.StartsWith('-') && printed.Contains(' ')) continue; // "-2 ^ x" reads back as 0 - (2 ^ x), in MetricsQL too
            again.Success.Should().BeTrue($"{c.Query} printed {printed}: {again.ErrorMessage}");
            again.Value!.ToString().Should().Be(printed, c.Query);
        }
    }
}
