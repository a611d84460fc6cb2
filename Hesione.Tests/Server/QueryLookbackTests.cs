using FluentAssertions;
using Hesione.PromQL.Parsing;
using Hesione.Server.Enforcement;
using Hesione.Tests.PromQL;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary>How far back a query reads, the measure <c>max_range</c> bounds.</summary>
public class QueryLookbackTests
{
    private static double Lookback(string query, double step = 0, double range = 0)
    {
        var parsed = PromQLParser.Parse(query);
        parsed.Success.Should().BeTrue(parsed.ErrorMessage);
        return QueryLookback.Seconds(parsed.Value!, step, range);
    }

    [Theory]
    [InlineData("1 + 1", 0)]
    [InlineData("up", 0)]
    [InlineData("up offset 1h", 3600)]
    [InlineData("up offset -1h", 0)]
    [InlineData("rate(x[5m])", 300)]
    [InlineData("rate(x[5m] offset 1h)", 3900)]
    [InlineData("rate(x[5m] @ 0)", 300)]
    [InlineData("rate(x[5m]) + rate(y[10m] offset 1m)", 660)]
    [InlineData("max_over_time(rate(x[5m])[1h:1m])", 3900)]
    [InlineData("max_over_time(rate(x[5m])[1h:1m] offset 1d)", 3900 + 86400)]
    [InlineData("max_over_time(max_over_time(rate(x[5m] offset 1m)[1h:])[1d:1h] offset 2h)", 300 + 60 + 3600 + 86400 + 7200)]
    [InlineData("sum by (a) (rate(x[5m])) and on (a) count_over_time(y[2h])", 7200)]
    [InlineData("label_replace(rate(x[90]), \"a\", \"$1\", \"b\", \"(.*)\")", 90)]
    [InlineData("rate(x[5m + 1m])", 360)]
    [InlineData("rate(x[min_of(1h, 2h)] offset max_of(1m, 2m))", 3720)]
    public void Sums_ranges_and_offsets_along_the_longest_path(string query, double seconds) =>
        Lookback(query).Should().Be(seconds);

    [Fact]
    public void Step_and_range_are_the_request_s()
    {
        Lookback("rate(x[step() * 4])", step: 60).Should().Be(240);
        Lookback("max_over_time(x[range()])", range: 86400).Should().Be(86400);
        Lookback("rate(x[5m] offset range())", range: 3600).Should().Be(3900);
    }

    [Theory]
    [InlineData("up", 0)]
    [InlineData("rate(x[5m])", 300)]
    [InlineData("max_over_time(rate(x[5m])[1h:1m] offset 1d) + y offset -1h", 300 + 3600 + 86400)]
    [InlineData("rate(x[5m]) + rate(y[5m])", 600)]
    [InlineData("max_over_time(x[1h:])", 3600)]
    [InlineData("x{a=\"[1d]\"}", 86400)]
    public void The_text_gives_an_upper_bound_without_parsing(string canonical, double seconds)
    {
        QueryLookback.TryBound(canonical, out var bound).Should().BeTrue();
        bound.Should().Be(seconds);
    }

    [Theory]
    [InlineData("rate(x[step() * 4])")]
    [InlineData("rate(x[5m + 1m])")]
    [InlineData("x offset 5m + 1m")]
    [InlineData("x offset (5m)")]
    [InlineData("x{a=\"[\"}[30d]")]
    [InlineData("x{a=\"[\"}")]
    public void Leaves_what_the_text_cannot_bound_to_the_parser(string canonical) => QueryLookback.TryBound(canonical, out _).Should().BeFalse();

    [Fact]
    public void The_bound_is_never_below_the_lookback_of_any_query_of_the_corpus()
    {
        var checkedQueries = 0;
        foreach (var query in ValidQueryTests.Queries.Concat(ConformanceData.ValidQueries).Distinct(StringComparer.Ordinal))
        {
            var parsed = PromQLParser.Parse(query);
            if (!parsed.Success) continue;
            var canonical = parsed.Value!.ToString();
            if (!QueryLookback.TryBound(canonical, out var bound)) continue;
            bound.Should().BeGreaterThanOrEqualTo(QueryLookback.Seconds(parsed.Value, 60, 3600), canonical);
            checkedQueries++;
        }
        checkedQueries.Should().BeGreaterThan(100);
    }

    [Fact]
    public void A_deep_query_is_walked_without_a_stack_overflow()
    {
        var query = string.Concat(Enumerable.Repeat("-", 200)) + "rate(x[1h])";
        Lookback(query).Should().Be(3600);
    }
}
