using FluentAssertions;
using Hesione.PromQL.Parsing;
using Xunit;
using Xunit.Abstractions;

namespace Hesione.Tests.PromQL;

/// <summary>
/// Agreement with Prometheus on the external conformance data (see <see cref="ConformanceData"/>):
/// every query Prometheus accepts parses, every query it refuses gives a parse error. When the data
/// is absent the tests pass and say so in their output.
/// </summary>
public class ConformanceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("promqltest-expressions.json")]
    [InlineData("parser-valid.json")]
    public void Every_query_Prometheus_accepts_parses(string file)
    {
        var queries = LoadOrReport(file);
        if (queries is null) return;

        var failures = queries
            .Select(q => (Query: q, Result: PromQLParser.Parse(q)))
            .Where(r => !r.Result.Success)
            .Select(r => $"{r.Query} -> {r.Result.ErrorMessage}")
            .ToList();

        output.WriteLine($"{file}: {queries.Count - failures.Count}/{queries.Count} parsed");
        failures.Should().BeEmpty();
    }

    [Fact]
    public void Every_query_Prometheus_refuses_is_refused_with_a_positioned_error()
    {
        var queries = LoadOrReport("parser-invalid.json");
        if (queries is null) return;

        var accepted = new List<string>();
        foreach (var query in queries)
        {
            var result = PromQLParser.Parse(query);
            if (result.Success) accepted.Add(query);
            else result.ErrorMessage.Should().MatchRegex(@"^\d+:\d+: parse error: .+", query);
        }

        output.WriteLine($"parser-invalid.json: {queries.Count - accepted.Count}/{queries.Count} refused");
        accepted.Should().BeEmpty();
    }

    [Fact]
    public void Canonical_forms_of_the_valid_conformance_queries_parse_again()
    {
        var queries = LoadOrReport("promqltest-expressions.json");
        if (queries is null) return;

        foreach (var query in queries)
        {
            var printed = PromQLParser.Parse(query).Value!.ToString();
            var again = PromQLParser.Parse(printed);
            again.Success.Should().BeTrue($"{query} printed as {printed}: {again.ErrorMessage}");
        }
    }

    private List<string>? LoadOrReport(string file)
    {
        if (ConformanceData.Location is null)
        {
            output.WriteLine($"SKIPPED: shared/conformance not found above {AppContext.BaseDirectory}; {file} not checked");
            return null;
        }
        var queries = ConformanceData.Load(file).ToList();
        if (queries.Count == 0)
        {
            output.WriteLine($"SKIPPED: {file} is missing or empty in {ConformanceData.Location}");
            return null;
        }
        return queries;
    }
}
