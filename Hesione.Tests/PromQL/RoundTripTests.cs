using FluentAssertions;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Parsing;
using Xunit;

namespace Hesione.Tests.PromQL;

/// <summary>
/// For every valid query of the tables and of the conformance data: printing and parsing again gives an
/// equal tree (positions ignored), printing is stable, equality and hashing agree, and a rewriter that
/// overrides nothing returns the very same instance.
/// </summary>
public class RoundTripTests
{
    private sealed class IdentityRewriter : ExprRewriter;

    private static IEnumerable<string> AllValidQueries =>
        ValidQueryTests.Queries.Concat(ConformanceData.ValidQueries).Distinct(StringComparer.Ordinal);

    private static Expr ParseOk(string query)
    {
        var result = PromQLParser.Parse(query);
        result.Success.Should().BeTrue($"{query}: {result.ErrorMessage}");
        return result.Value!;
    }

    [Fact]
    public void Print_then_parse_gives_an_equal_tree_and_printing_is_stable()
    {
        var count = 0;
        foreach (var query in AllValidQueries)
        {
            var first = ParseOk(query);
            var printed = first.ToString();
            var second = ParseOk(printed);

            if (MatchersInPrintedOrder(first))
                second.Equals(first).Should().BeTrue($"{query} printed as {printed} parsed back as {second}");
            else
                second.Equals(ParseOk(second.ToString())).Should().BeTrue($"{printed} is not a fixed point");
            second.ToString().Should().Be(printed, query);
            count++;
        }
        count.Should().BeGreaterThan(300);
    }

    /// <summary>
    /// Whether every selector's matchers are already in the order the printer writes them. Matcher order
    /// takes part in equality, and the printer sorts, so only such trees can come back equal.
    /// </summary>
    private static bool MatchersInPrintedOrder(Expr tree)
    {
        var selector = tree switch
        {
            VectorSelector vs => vs,
            MatrixSelector ms => ms.Selector,
            _ => null,
        };
        if (selector is not null && !selector.Matchers.IsDefaultOrEmpty)
        {
            var printed = selector.Matchers.Select(m => m.ToString()).ToList();
            if (!printed.SequenceEqual(printed.Order(StringComparer.Ordinal))) return false;
        }
        return tree.Children.All(MatchersInPrintedOrder);
    }

    [Theory]
    [InlineData("{\"my.metric\", \"label.name\"=\"x\"}")]
    [InlineData("foo{z=\"1\", a=\"2\"}")]
    public void Unsorted_matchers_survive_print_then_parse(string query)
    {
        var first = ParseOk(query);
        ParseOk(first.ToString()).Equals(first).Should().BeTrue();
    }

    [Theory]
    [InlineData("sum by (\"NaN\") (x)")]
    [InlineData("a + on (\"inf\") group_left (\"Inf\") b")]
    public void Grouping_labels_named_like_numbers_survive_print_then_parse(string query)
    {
        var first = ParseOk(query);
        ParseOk(first.ToString()).Equals(first).Should().BeTrue();
    }

    [Theory]
    [InlineData("+Inf ^ 2")]
    [InlineData("-Inf ^ 2")]
    public void Signed_infinity_under_a_power_prints_stably(string query)
    {
        var first = ParseOk(query);
        var printed = first.ToString();
        ParseOk(printed).ToString().Should().Be(printed);
        ParseOk(printed).Equals(first).Should().BeTrue();
    }

    [Theory]
    [InlineData("foo[3w3d7h22m24s516ms]")]
    [InlineData("foo offset 3w3d7h22m24s516ms")]
    [InlineData("foo[1d:3w3d7h22m24s516ms]")]
    [InlineData("3w3d7h22m24s516ms")]
    public void Durations_keep_every_millisecond(string query) =>
        ParseOk(query).ToString().Should().Be(query);

    [Fact]
    public void Equal_trees_have_equal_hash_codes_and_positions_do_not_matter()
    {
        foreach (var query in AllValidQueries)
        {
            var first = ParseOk(query);
            var again = ParseOk(query);
            var spaced = ParseOk("  (\n" + query + "\n)  ") is ParenExpr { Expr: var inner } ? inner : null;

            again.Should().NotBeSameAs(first);
            again.Equals(first).Should().BeTrue(query);
            again.GetHashCode().Should().Be(first.GetHashCode(), query);
            spaced.Should().NotBeNull();
            spaced!.Equals(first).Should().BeTrue(query);
            spaced.GetHashCode().Should().Be(first.GetHashCode(), query);
        }
    }

    [Fact]
    public void Different_queries_give_unequal_trees()
    {
        var distinct = ValidQueryTests.Cases
            .Select(row => ((string)row[1], ParseOk((string)row[0])))
            .GroupBy(pair => pair.Item1, StringComparer.Ordinal)
            .Select(g => g.First().Item2)
            .ToList();

        for (var i = 0; i < distinct.Count; i++)
            for (var j = i + 1; j < distinct.Count; j++)
                distinct[i].Equals(distinct[j]).Should().BeFalse($"{distinct[i]} vs {distinct[j]}");
    }

    [Fact]
    public void A_rewriter_without_overrides_returns_the_same_instance()
    {
        var rewriter = new IdentityRewriter();
        foreach (var query in AllValidQueries)
        {
            var tree = ParseOk(query);
            rewriter.Visit(tree).Should().BeSameAs(tree, query);
        }
    }
}
