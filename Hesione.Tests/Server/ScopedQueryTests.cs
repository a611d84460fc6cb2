using FluentAssertions;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;
using Hesione.Server.Filtering;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary>A rule's query proves it reads only the scope when every selector (every or-group in MetricsQL) carries it.</summary>
public class ScopedQueryTests
{
    private static readonly LabelScope TeamA = LabelScope.Single("namespace", "team-a");

    [Theory]
    [InlineData("rate(x{namespace=\"team-a\"}[5m])", true)]
    [InlineData("rate(x{namespace=\"team-a\"})", true)] // MetricsQL: a rollup without a window
    [InlineData("with (s = {namespace=\"team-a\"}) sum(rate(x{s})) / sum(rate(y{s}))", true)]
    [InlineData("x{namespace=\"team-a\" or job=\"b\"}", false)]
    [InlineData("x{namespace=\"team-a\",a=\"1\" or namespace=\"team-a\",b=\"2\"}", true)]
    [InlineData("rate(x)", false)]
    [InlineData("topk($k, x{namespace=\"team-a\"})", false)]
    [InlineData("vector(1)", false)]
    public void Decides_whether_a_rule_reads_only_the_scope(string query, bool expected)
    {
        ScopedQuery.ReadsOnly(query, TeamA, PromQLParserOptions.Default).Should().Be(expected);
    }
}
