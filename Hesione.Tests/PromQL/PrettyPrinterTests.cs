using FluentAssertions;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Parsing;
using Hesione.PromQL.Printing;
using Xunit;

namespace Hesione.Tests.PromQL;

/// <summary>
/// <see cref="PromQLPrinter.Pretty"/> follows the rules of Prometheus 3.x's prettier (promql/parser/prettier.go and
/// the facts its tests state): the cases with a line limit of 10 exercise each rule on short inputs, as Prometheus's
/// own tests do; the others use the real limit of 100 on queries of the kind dashboards hold.
/// </summary>
public class PrettyPrinterTests
{
    private static Expr Parse(string query)
    {
        var parsed = PromQLParser.Parse(query);
        parsed.Success.Should().BeTrue(parsed.ErrorMessage);
        return parsed.Value!;
    }

    private static string Lines(params string[] lines) => string.Join("\n", lines);

    public static TheoryData<string, string> SmallLimit => new()
    {
        // Short enough: the canonical form on one line.
        { "max(bar)", "max(bar)" },
        { "x+y", "x + y" },
        { "-5", "-5" },
        { "b @ 10", "b @ 10.000" },
        // Aggregations: modifiers before the parenthesis, an empty by () dropped, the parameter on its own line.
        { "max by() (some_metric{a=\"b\"})", Lines("max(", "  some_metric{a=\"b\"}", ")") },
        { "avg(some_metric{a=\"b\"}) by(a,c)", Lines("avg by (a, c) (", "  some_metric{a=\"b\"}", ")") },
        { "min without(a) (some_metric)", Lines("min without (a) (", "  some_metric", ")") },
        { "bottomk(3, some_metric)", Lines("bottomk(", "  3,", "  some_metric", ")") },
        { "count by(a) (max by(b) (some_metric))", Lines("count by (a) (", "  max by (b) (", "    some_metric", "  )", ")") },
        // Binary operations: operands one level deeper, the operator and its modifiers at the node's own level.
        { "x != bool 2", Lines("  x", "!= bool", "  2") },
        { "abcd - efgh", Lines("  abcd", "-", "  efgh") },
        { "x * on(a) group_left(b) y", Lines("  x", "* on (a) group_left (b)", "  y") },
        { "x / ignoring(a) yy", Lines("  x", "/ ignoring (a)", "  yy") },
        { "abcd - efgh - ij", Lines("    abcd", "  -", "    efgh", "-", "  ij") },
        { "ab - cd - efg", Lines("  ab - cd", "-", "  efg") },
        // Calls: one argument per line, strings and numbers included.
        { "delta(some[5m])", Lines("delta(", "  some[5m]", ")") },
        { "clamp(m, 0, 1)", Lines("clamp(", "  m,", "  0,", "  1", ")") },
        { "label_join(m, \"d\", \",\", \"a\")", Lines("label_join(", "  m,", "  \"d\",", "  \",\",", "  \"a\"", ")") },
        { "abs(sqrt(metric))", Lines("abs(", "  sqrt(", "    metric", "  )", ")") },
        // Parentheses.
        { "(abcdefghijk)", Lines("(", "  abcdefghijk", ")") },
        { "((abcdefg))", Lines("(", "  (abcdefg)", ")") },
        { "(aaaa + bbbb)", Lines("(", "    aaaa", "  +", "    bbbb", ")") },
        // Subqueries: the expression splits, [range:step], @ and offset follow its last line.
        { "max_over_time(rate(m[1m])[5m:] offset 1m)", Lines("max_over_time(", "  rate(", "    m[1m]", "  )[5m:] offset 1m", ")") },
        { "avg_over_time(selector_xyz[5m:1m] @ end())", Lines("avg_over_time(", "  selector_xyz[5m:1m] @ end()", ")") },
        // Unary operators stand before the first line of their operand.
        { "-abs(metric)", Lines("-abs(", "  metric", ")") },
        { "(-some_metric)", Lines("(", "  -some_metric", ")") },
        { "abs(-abs(metric))", Lines("abs(", "  -abs(", "    metric", "  )", ")") },
        // Selectors are never split, however long.
        { "some_metric{a=\"b\",c=\"d\"}", "some_metric{a=\"b\",c=\"d\"}" },
        // Duration expressions print inside the selector's brackets.
        { "rate(m[3*1h])", Lines("rate(", "  m[3 * 1h]", ")") },
    };

    [Theory]
    [MemberData(nameof(SmallLimit))]
    public void Splits_each_node_kind_as_Prometheus_does(string query, string expected)
    {
        PromQLPrinter.Pretty(Parse(query), lineLimit: 10).Should().Be(expected);
    }

    [Fact]
    public void A_short_subquery_inside_a_split_node_carries_no_indentation_as_in_Prometheus()
    {
        PromQLPrinter.Pretty(Parse("max_over_time(rate(mm[1m])[5m:])"), lineLimit: 20)
            .Should().Be(Lines("max_over_time(", "rate(mm[1m])[5m:]", ")"));
    }

    [Fact]
    public void Queries_up_to_100_bytes_stay_on_one_line_and_the_limit_counts_utf8_bytes()
    {
        var hundred = "abs(m{a=\"" + new string('x', 88) + "\"})";
        hundred.Length.Should().Be(100);
        PromQLPrinter.Pretty(Parse(hundred)).Should().Be(hundred);
        PromQLPrinter.Pretty(Parse(hundred.Replace("a=\"", "a=\"y", StringComparison.Ordinal))).Should().Contain("\n");

        var wide = "abs(m{a=\"" + new string('é', 45) + "\"})"; // 57 characters, 102 bytes
        PromQLPrinter.Pretty(Parse(wide)).Should().Be(Lines("abs(", "  m{a=\"" + new string('é', 45) + "\"}", ")"));
    }

    [Fact]
    public void A_long_alerting_expression_splits_at_every_level_that_exceeds_100_bytes()
    {
        const string query = "sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{namespace=\"team-a\",container!=\"\"}[5m])) " +
                             "/ on (namespace, pod) group_left () sum by (namespace, pod) (kube_pod_container_resource_requests{resource=\"cpu\"}) > 0.9";
        PromQLPrinter.Pretty(Parse(query)).Should().Be(Lines(
            "    sum by (namespace, pod) (",
            "      rate(container_cpu_usage_seconds_total{container!=\"\",namespace=\"team-a\"}[5m])",
            "    )",
            "  / on (namespace, pod) group_left ()",
            "    sum by (namespace, pod) (kube_pod_container_resource_requests{resource=\"cpu\"})",
            ">",
            "  0.9"));
    }

    [Fact]
    public void Pretty_output_parses_back_to_an_equal_tree_for_every_valid_query()
    {
        var count = 0;
        foreach (var query in ValidQueryTests.Queries.Concat(ConformanceData.ValidQueries).Distinct(StringComparer.Ordinal))
        {
            var expr = Parse(query);
            foreach (var limit in new[] { 0, 10, PromQLPrinter.PrettyLineLimit })
            {
                var pretty = PromQLPrinter.Pretty(expr, limit);
                var reparsed = PromQLParser.Parse(pretty);
                reparsed.Success.Should().BeTrue($"{query} printed as\n{pretty}\n: {reparsed.ErrorMessage}");
                reparsed.Value!.ToString().Should().Be(expr.ToString(), $"{query} printed as\n{pretty}");
            }
            count++;
        }
        count.Should().BeGreaterThan(100);
    }
}
