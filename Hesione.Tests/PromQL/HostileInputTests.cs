using FluentAssertions;
using Hesione.PromQL.Parsing;
using Xunit;

namespace Hesione.Tests.PromQL;

/// <summary>Inputs built to exhaust the stack or the patience of a parser: each must give a result or a parse error, on a thread-pool thread.</summary>
public class HostileInputTests
{
    private static readonly PromQLParserOptions Unlimited = PromQLParserOptions.Default with { MaxQueryLength = 10_000_000 };

    public static TheoryData<string, string> Inputs => new()
    {
        { "100,000 nested parentheses", new string('(', 100_000) + "1" + new string(')', 100_000) },
        { "200,000 unary minus signs", new string('-', 200_000) + "1" },
        { "chain of 100,000 additions", string.Join("+", Enumerable.Repeat("a", 100_001)) },
        { "chain of 100,000 powers", string.Join("^", Enumerable.Repeat("2", 100_001)) },
        { "50,000 nested aggregations", string.Concat(Enumerable.Repeat("sum(", 50_000)) + "x" + new string(')', 50_000) },
        { "50,000 nested negated parentheses", string.Concat(Enumerable.Repeat("-(", 50_000)) + "1" + new string(')', 50_000) },
        { "100,000 chained subqueries", "foo" + string.Concat(Enumerable.Repeat("[1m:1s]", 100_000)) },
        { "deeply nested duration expression", "foo[" + new string('(', 100_000) + "1" + new string(')', 100_000) + "]" },
        { "deeply nested regex", "x{a=~\"" + new string('(', 100_000) + "\"}" },
        { "100,000 nested function calls", string.Concat(Enumerable.Repeat("abs(", 100_000)) + "x" + new string(')', 100_000) },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Is_refused_with_a_parse_error_on_a_thread_pool_thread(string description, string query)
    {
        var result = await Task.Run(() => PromQLParser.Parse(query, Unlimited));

        result.Success.Should().BeFalse(description);
        result.ErrorMessage.Should().MatchRegex(@"^\d+:\d+: parse error: ", description);
    }

    [Fact]
    public async Task Long_query_is_refused_by_the_default_length_limit()
    {
        var result = await Task.Run(() => PromQLParser.Parse(new string('(', 100_000) + "1" + new string(')', 100_000)));

        result.ErrorMessage.Should().Contain("query is too long");
    }

    [Theory]
    [InlineData("+", 1000)]
    [InlineData("*", 1000)]
    [InlineData("^", 1000)]
    [InlineData("or", 1000)]
    [InlineData("+", 3000)]
    public async Task Chains_of_a_thousand_binary_operators_are_accepted_and_printed(string op, int count)
    {
        var query = string.Join($" {op} ", Enumerable.Repeat("a", count + 1));

        var result = await Task.Run(() => PromQLParser.Parse(query));

        result.Success.Should().BeTrue(result.ErrorMessage);
        (await Task.Run(() => result.Value!.ToString())).Should().Be(query);
        (await Task.Run(() => result.Value!.Equals(PromQLParser.Parse(query).Value))).Should().BeTrue();
    }
}
