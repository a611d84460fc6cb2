using FluentAssertions;
using Hesione.PromQL.Enforcement;
using Xunit;

namespace Hesione.Tests.Enforcement;

/// <summary>Every node kind, enforced with a one-value scope <c>namespace="team-a"</c>.</summary>
public class EnforcementTableTests
{
    private static readonly LabelEnforcer TeamA = new(LabelScope.Single("namespace", "team-a"));

    public static TheoryData<string, string> Cases => new()
    {
        // Selectors.
        { "up", "up{namespace=\"team-a\"}" },
        { "{__name__=~\".+\"}", "{__name__=~\".+\",namespace=\"team-a\"}" },
        { "up{job=\"api\"}", "up{job=\"api\",namespace=\"team-a\"}" },
        { "{\"my.metric\", \"label.name\"=\"x\"}", "{\"label.name\"=\"x\",__name__=\"my.metric\",namespace=\"team-a\"}" },
        { "http_requests_total[5m]", "http_requests_total{namespace=\"team-a\"}[5m]" },
        { "up offset 5m", "up{namespace=\"team-a\"} offset 5m" },
        { "up @ 100 offset -5m", "up{namespace=\"team-a\"} @ 100.000 offset -5m" },
        { "rate(x[5m] @ end() offset 1h)", "rate(x{namespace=\"team-a\"}[5m] @ end() offset 1h)" },
        { "rate(x[5m] anchored)", "rate(x{namespace=\"team-a\"}[5m] anchored)" },
        // Literals and selector-free expressions pass unchanged.
        { "1 + 1", "1 + 1" },
        { "time()", "time()" },
        { "vector(1)", "vector(1)" },
        { "\"text\"", "\"text\"" },
        { "pi() * 2", "pi() * 2" },
        // Functions, aggregations, binary operators, subqueries, parentheses, unary.
        { "sum by (pod) (rate(http_requests_total[5m]))", "sum by (pod) (rate(http_requests_total{namespace=\"team-a\"}[5m]))" },
        { "topk(3, x)", "topk(3, x{namespace=\"team-a\"})" },
        { "count_values(\"v\", x)", "count_values(\"v\", x{namespace=\"team-a\"})" },
        { "quantile(scalar(q), x)", "quantile(scalar(q{namespace=\"team-a\"}), x{namespace=\"team-a\"})" },
        { "a{x=\"1\"} / b", "a{namespace=\"team-a\",x=\"1\"} / b{namespace=\"team-a\"}" },
        { "a / on (pod) group_left (node) b", "a{namespace=\"team-a\"} / on (pod) group_left (node) b{namespace=\"team-a\"}" },
        { "a or node_load1", "a{namespace=\"team-a\"} or node_load1{namespace=\"team-a\"}" },
        { "a unless ignoring (x) b", "a{namespace=\"team-a\"} unless ignoring (x) b{namespace=\"team-a\"}" },
        { "max_over_time(rate(x[1m])[1h:5m])", "max_over_time(rate(x{namespace=\"team-a\"}[1m])[1h:5m])" },
        { "rate(x[1m])[1h:] offset 1d", "rate(x{namespace=\"team-a\"}[1m])[1h:] offset 1d" },
        { "-(x)", "-(x{namespace=\"team-a\"})" },
        { "+x", "+x{namespace=\"team-a\"}" },
        { "x > bool 1", "x{namespace=\"team-a\"} > bool 1" },
        { "label_replace(up, \"a\", \"$1\", \"job\", \"(.*)\")", "label_replace(up{namespace=\"team-a\"}, \"a\", \"$1\", \"job\", \"(.*)\")" },
        { "histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))", "histogram_quantile(0.9, sum by (le) (rate(h_bucket{namespace=\"team-a\"}[5m])))" },
        { "absent(nothing)", "absent(nothing{namespace=\"team-a\"})" },
        { "info(up, {k8s_cluster=~\".+\"})", "info(up{namespace=\"team-a\"}, {k8s_cluster=~\".+\",namespace=\"team-a\"})" },
        { "a + fill (0) b", "a{namespace=\"team-a\"} + fill (0) b{namespace=\"team-a\"}" },
        { "x[5m:1m] @ start()", "x{namespace=\"team-a\"}[5m:1m] @ start()" },
        // A user's own matcher on the scoped label is kept: the result is the intersection.
        { "up{namespace=\"team-b\"}", "up{namespace=\"team-a\",namespace=\"team-b\"}" },
        { "up{namespace=~\".*\"}", "up{namespace=\"team-a\",namespace=~\".*\"}" },
        { "up{namespace!=\"team-a\"}", "up{namespace!=\"team-a\",namespace=\"team-a\"}" },
        // Already enforced: nothing added twice.
        { "up{namespace=\"team-a\"}", "up{namespace=\"team-a\"}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Enforces_every_selector(string query, string expected)
    {
        var result = TeamA.EnforceQuery(query);

        result.Success.Should().BeTrue(result.Error);
        result.Value.Should().Be(expected);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Enforcing_twice_changes_nothing(string query, string expected)
    {
        TeamA.EnforceQuery(expected).Value.Should().Be(expected, $"{query} was already enforced");
    }

    [Theory]
    [InlineData("sum(", "1:5: parse error: unclosed left parenthesis")]
    [InlineData("rate(x)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector")]
    [InlineData("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher")]
    public void Invalid_queries_are_refused_not_passed_through(string query, string message)
    {
        var result = TeamA.EnforceQuery(query);

        result.Success.Should().BeFalse();
        result.Failure.Should().Be(EnforcementFailure.InvalidQuery);
        result.Error.Should().Be(message);
    }
}
