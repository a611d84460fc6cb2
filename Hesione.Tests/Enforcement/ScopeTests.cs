using FluentAssertions;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Xunit;

namespace Hesione.Tests.Enforcement;

/// <summary>How scopes become matchers: several values, escaping, regexes, metric names, and what is refused.</summary>
public class ScopeTests
{
    [Fact]
    public void One_value_is_an_equality_matcher()
    {
        LabelScope.Single("namespace", "team-a").Matchers.Should().Equal(new LabelMatcher("namespace", MatcherType.Equal, "team-a"));
    }

    [Fact]
    public void Several_values_are_one_regex_matcher_with_each_value_quoted()
    {
        var scope = new LabelScope([LabelConstraint.Literal("namespace", ["team-a", "dot.ns"])]);

        scope.Matchers.Should().Equal(new LabelMatcher("namespace", MatcherType.Regex, "team-a|dot\\.ns"));
    }

    [Theory]
    [InlineData("dot.ns", "dot\\.ns")]
    [InlineData("a|b", "a\\|b")]
    [InlineData("^$", "\\^\\$")]
    [InlineData("x.*", "x\\.\\*")]
    [InlineData("(a)[b]{c}", "\\(a\\)\\[b\\]\\{c\\}")]
    [InlineData("a+b?", "a\\+b\\?")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("quote\"s", "quote\"s")]
    [InlineData("sp ace#hash", "sp ace#hash")]
    [InlineData("ünïcødé-名前", "ünïcødé-名前")]
    public void QuoteMeta_escapes_exactly_the_RE2_metacharacters(string value, string quoted)
    {
        RegexQuoting.QuoteMeta(value).Should().Be(quoted);
    }

    [Theory]
    [InlineData("dot.ns", "dotXns")]
    [InlineData("a|b", "a")]
    [InlineData("a|b", "b")]
    [InlineData("x.*", "xyz")]
    [InlineData("^$", "")]
    [InlineData("(a)", "a")]
    public void A_multi_value_regex_matches_only_the_listed_values(string value, string intruder)
    {
        var scope = new LabelScope([LabelConstraint.Literal("ns", [value, "other"])]);
        var regex = new System.Text.RegularExpressions.Regex("^(?:" + scope.Matchers[0].Value + ")$");

        regex.IsMatch(value).Should().BeTrue();
        regex.IsMatch("other").Should().BeTrue();
        regex.IsMatch(intruder).Should().BeFalse();
    }

    [Fact]
    public void Hostile_values_survive_printing_and_parsing()
    {
        string[] values = ["quo\"te", "back\\slash", "new\nline", "pipe|dot.", "^anchors$", "sp ace", "#hash", "名前", "tab\t"];
        var enforcer = new LabelEnforcer(new LabelScope([LabelConstraint.Literal("ns", values)]));

        var enforced = enforcer.EnforceQuery("up");

        enforced.Success.Should().BeTrue(enforced.Error);
        var reparsed = Hesione.PromQL.Parsing.PromQLParser.Parse(enforced.Value!);
        reparsed.Success.Should().BeTrue(reparsed.ErrorMessage);
        var matcher = ((VectorSelector)reparsed.Value!).Matchers.Single();
        var regex = new System.Text.RegularExpressions.Regex("^(?:" + matcher.Value + ")$");
        foreach (var value in values) regex.IsMatch(value).Should().BeTrue(value);
        regex.IsMatch("pipe").Should().BeFalse();
        regex.IsMatch("quo").Should().BeFalse();
    }

    [Fact]
    public void Regex_constraints_and_metric_patterns_become_regex_matchers()
    {
        var scope = new LabelScope([LabelConstraint.Regexes("pod", ["api-.*", "(?i)web"])], ["http_.*", "node_.*"]);

        scope.Matchers.Should().Equal(
            new LabelMatcher("pod", MatcherType.Regex, "(?:api-.*)|(?:(?i)web)"),
            new LabelMatcher("__name__", MatcherType.Regex, "(?:http_.*)|(?:node_.*)"));
    }

    [Theory]
    [InlineData(".*")]
    [InlineData("a*")]
    [InlineData("x|")]
    [InlineData("(?=x)")]
    [InlineData("a\\1")]
    public void Regex_constraints_that_match_empty_or_are_not_RE2_are_refused(string pattern)
    {
        var act = () => LabelConstraint.Regexes("pod", [pattern]);

        act.Should().Throw<ScopeException>();
    }

    [Fact]
    public void Scopes_that_restrict_nothing_are_refused()
    {
        FluentActions.Invoking(() => new LabelScope([])).Should().Throw<ScopeException>();
        FluentActions.Invoking(() => LabelConstraint.Literal("ns", [""])).Should().Throw<ScopeException>();
        FluentActions.Invoking(() => LabelConstraint.Literal("ns", [])).Should().Throw<ScopeException>();
        FluentActions.Invoking(() => new LabelScope([], [".*"])).Should().Throw<ScopeException>();
    }

    [Fact]
    public void A_metric_scope_moves_the_metric_name_inside_the_braces()
    {
        var enforcer = new LabelEnforcer(new LabelScope([LabelConstraint.Literal("ns", ["a"])], ["http_.*"]));

        enforcer.EnforceQuery("rate(http_requests_total[5m]) / node_load1").Value.Should().Be(
            "rate({__name__=\"http_requests_total\",__name__=~\"http_.*\",ns=\"a\"}[5m]) / {__name__=\"node_load1\",__name__=~\"http_.*\",ns=\"a\"}");
    }

    [Theory]
    [InlineData("up", "up{namespace=\"team-a\"}")]
    [InlineData("{__name__=~\"http_.*\"}", "{__name__=~\"http_.*\",namespace=\"team-a\"}")]
    [InlineData("{job=\"x\",}", "{job=\"x\",namespace=\"team-a\"}")]
    public void Series_selectors_for_match_are_enforced(string selector, string expected)
    {
        var enforcer = new LabelEnforcer(LabelScope.Single("namespace", "team-a"));

        enforcer.EnforceSeriesSelector(selector).Value.Should().Be(expected);
        enforcer.DefaultSeriesSelector.Should().Be("{namespace=\"team-a\"}");
    }

    [Theory]
    [InlineData("up[5m]")]
    [InlineData("up offset 5m")]
    [InlineData("sum(up)")]
    [InlineData("{}")]
    [InlineData("up{")]
    public void Series_selectors_other_than_plain_selectors_are_refused(string selector)
    {
        var enforcer = new LabelEnforcer(LabelScope.Single("namespace", "team-a"));

        enforcer.EnforceSeriesSelector(selector).Success.Should().BeFalse();
    }
}
