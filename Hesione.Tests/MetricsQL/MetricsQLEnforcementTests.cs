using CsCheck;
using FluentAssertions;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.MetricsQL;
using Xunit;

namespace Hesione.Tests.MetricsQL;

/// <summary>The scope reaches every series filter of a MetricsQL query, wherever it stands.</summary>
public class MetricsQLEnforcementTests
{
    private static readonly MetricsQLEnforcer TeamA = new(LabelScope.Single("namespace", "team-a"));

    [Theory]
    [InlineData("rate(x)", "rate(x{namespace=\"team-a\"})")]
    [InlineData("rate(x[$__interval])", "rate(x{namespace=\"team-a\"})")]
    [InlineData("{a=\"1\" or b=\"2\"}", "{a=\"1\",namespace=\"team-a\" or b=\"2\",namespace=\"team-a\"}")]
    [InlineData("{}", "{namespace=\"team-a\"}")]
    [InlineData("with (f = {job=\"x\"}) sum(m{f}) / count(n{f})", "sum(m{job=\"x\",namespace=\"team-a\"}) / count(n{job=\"x\",namespace=\"team-a\"})")]
    [InlineData("with (t(q) = rate(q[5m])) t(m) + t(n)", "rate(m{namespace=\"team-a\"}[5m]) + rate(n{namespace=\"team-a\"}[5m])")]
    [InlineData("max_over_time(rate(x)[1h:5m])", "max_over_time(rate(x{namespace=\"team-a\"})[1h:5m])")]
    [InlineData("x @ y", "x{namespace=\"team-a\"} @ y{namespace=\"team-a\"}")]
    [InlineData("union(a, b)", "union(a{namespace=\"team-a\"}, b{namespace=\"team-a\"})")]
    [InlineData("(a, b)", "(a{namespace=\"team-a\"}, b{namespace=\"team-a\"})")]
    [InlineData("aggr_over_time((\"min_over_time\", \"max_over_time\"), m[5m])", "aggr_over_time((\"min_over_time\", \"max_over_time\"), m{namespace=\"team-a\"}[5m])")]
    [InlineData("quantiles(\"phi\", 0.5, 0.9, m) limit 3", "quantiles(\"phi\", 0.5, 0.9, m{namespace=\"team-a\"}) limit 3")]
    [InlineData("a default b if c ifnot d", "a{namespace=\"team-a\"} default ((b{namespace=\"team-a\"} if c{namespace=\"team-a\"}) ifnot d{namespace=\"team-a\"})")]
    [InlineData("x{namespace=\"team-b\"}", "x{namespace=\"team-b\",namespace=\"team-a\"}")]
    [InlineData("x{namespace=\"team-a\"}", "x{namespace=\"team-a\"}")]
    [InlineData("1 + 2", "3")]
    public void Adds_the_scope_to_every_series_filter(string query, string expected)
    {
        var enforced = TeamA.EnforceQuery(query);
        enforced.Success.Should().BeTrue(enforced.Error);
        enforced.Value.Should().Be(expected);
    }

    [Theory]
    [InlineData("label_set(m, \"namespace\", \"team-b\")", "label_set(m{namespace=\"team-a\"}, \"namespace\", \"team-b\")")]
    [InlineData("label_map(m, \"namespace\", \"team-a\", \"team-b\")", "label_map(m{namespace=\"team-a\"}, \"namespace\", \"team-a\", \"team-b\")")]
    [InlineData("label_copy(m, \"other\", \"namespace\")", "label_copy(m{namespace=\"team-a\"}, \"other\", \"namespace\")")]
    [InlineData("label_del(m, \"namespace\")", "label_del(m{namespace=\"team-a\"}, \"namespace\")")]
    [InlineData("alias(m, \"x\")", "label_set(m{namespace=\"team-a\"}, \"__name__\", \"x\")")]
    public void Label_functions_only_rename_what_was_read_inside_the_scope(string query, string expected)
    {
        TeamA.EnforceQuery(query).Value.Should().Be(expected);
    }

    [Fact]
    public void Metric_patterns_and_several_values_reach_every_group()
    {
        var enforcer = new MetricsQLEnforcer(new LabelScope([LabelConstraint.Literal("ns", ["a", "b"])], ["up|node_.*"]));
        enforcer.EnforceQuery("up{x=\"1\" or y=\"2\"}").Value.Should()
            .Be("up{x=\"1\",ns=~\"a|b\",__name__=~\"up|node_.*\" or y=\"2\",ns=~\"a|b\",__name__=~\"up|node_.*\"}");
    }

    [Fact]
    public void Reject_mode_refuses_a_group_that_cannot_meet_the_scope()
    {
        var enforcer = new MetricsQLEnforcer(new LabelScope([LabelConstraint.Literal("namespace", ["team-a"])], onConflict: OnConflict.Reject));
        var result = enforcer.EnforceQuery("m{namespace=\"team-a\" or namespace=\"team-b\"}");
        result.Success.Should().BeFalse();
        result.Failure.Should().Be(EnforcementFailure.Conflict);
    }

    [Fact]
    public void Unresolved_dashboard_variables_are_refused()
    {
        var result = TeamA.EnforceQuery("topk($count, up)");
        result.Failure.Should().Be(EnforcementFailure.InvalidQuery);
        result.Error.Should().Contain("$count");
    }

    [Fact]
    public void Invalid_queries_are_refused_not_forwarded()
    {
        var result = TeamA.EnforceQuery("with (x = m) y{x}");
        result.Failure.Should().Be(EnforcementFailure.InvalidQuery);
    }

    [Fact]
    public void Enforcing_twice_changes_nothing_and_every_selector_is_scoped()
    {
        Gen.Int.Select(seed => new MetricsQLPrintParsePropertyTests.QueryBuilder(new Random(seed)).Expr(3)).Sample(query =>
        {
            var parsed = MetricsQLParser.Parse(query);
            if (!parsed.Success) return;
            var enforced = TeamA.Enforce(parsed.Value!);
            if (!enforced.Success)
            {
                enforced.Error.Should().Contain("unresolved variable", query);
                return;
            }
            foreach (var selector in Selectors(enforced.Value))
                foreach (var group in selector.Groups)
                    group.Should().Contain(m => m.Name == "namespace" && m.Value == "team-a", $"{query} enforced as {enforced.Value}");
            if (MetricsQLPrintParsePropertyTests.PrintsUnreadably(enforced.Value)) return;

            var printed = TeamA.EnforceQuery(query);
            if (!printed.Success) return; // expands beyond the length limit
            printed.Value.Should().Be(enforced.Value.ToString());
            var reparsed = MetricsQLParser.Parse(printed.Value!);
            reparsed.Success.Should().BeTrue($"{query} enforced as {printed.Value}: {reparsed.ErrorMessage}");
            reparsed.Value.Should().Be(enforced.Value, $"{query} enforced as {printed.Value}");
            TeamA.Enforce(reparsed.Value!).Value.Should().Be(reparsed.Value, $"enforcing {printed.Value} again changes nothing");
        }, iter: 2000, print: q => q);
    }

    private static IEnumerable<MqlSelector> Selectors(MetricsQLExpr e) =>
        e is MqlSelector s ? [s] : e.Children.SelectMany(Selectors);
}
