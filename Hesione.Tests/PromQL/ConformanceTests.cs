using FluentAssertions;
using Hesione.PromQL.Parsing;
using Xunit;
using Xunit.Abstractions;

namespace Hesione.Tests.PromQL;

/// <summary>
/// Agreement with Prometheus on the external conformance data (see <see cref="ConformanceData"/>):
/// every query Prometheus accepts parses, every query it refuses gives a parse error. When the data
/// is absent the tests are skipped with the reason.
/// </summary>
public class ConformanceTests(ITestOutputHelper output)
{
    [ConformanceTheory("promqltest-expressions.json", "parser-valid.json")]
    [InlineData("promqltest-expressions.json")]
    [InlineData("parser-valid.json")]
    public void Every_query_Prometheus_accepts_parses(string file)
    {
        var queries = Read(file);

        var failures = queries
            .Select(q => (Query: q, Result: PromQLParser.Parse(q)))
            .Where(r => !r.Result.Success)
            .Select(r => $"{r.Query} -> {r.Result.ErrorMessage}")
            .ToList();

        output.WriteLine($"{file}: {queries.Count - failures.Count}/{queries.Count} parsed");
        failures.Should().BeEmpty();
    }

    [ConformanceFact("parser-invalid.json")]
    public void Every_query_Prometheus_refuses_is_refused_with_a_positioned_error()
    {
        var queries = Read("parser-invalid.json");

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

    [ConformanceFact("promqltest-expressions.json")]
    public void Canonical_forms_of_the_valid_conformance_queries_parse_again()
    {
        var queries = Read("promqltest-expressions.json");

        foreach (var query in queries)
        {
            var printed = PromQLParser.Parse(query).Value!.ToString();
            var again = PromQLParser.Parse(printed);
            again.Success.Should().BeTrue($"{query} printed as {printed}: {again.ErrorMessage}");
        }
    }

    /// <summary>The queries of a file the test's attribute has checked is there; an empty file is a failure, not a pass.</summary>
    private static List<string> Read(string file)
    {
        _ = ConformanceData.PathOf(file);
        var queries = ConformanceData.Load(file).ToList();
        queries.Should().NotBeEmpty($"{file} holds the queries to check");
        return queries;
    }
}
