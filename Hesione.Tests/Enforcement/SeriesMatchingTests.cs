using FluentAssertions;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Xunit;

namespace Hesione.Tests.Enforcement;

/// <summary>Matchers and scopes evaluated against concrete label sets (used to filter rules, alerts and silences).</summary>
public class SeriesMatchingTests
{
    private static Dictionary<string, string> Labels(params (string, string)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    [Theory]
    [InlineData(MatcherType.Equal, "a", "a", true)]
    [InlineData(MatcherType.Equal, "a", "b", false)]
    [InlineData(MatcherType.NotEqual, "a", "b", true)]
    [InlineData(MatcherType.Regex, "a|b", "b", true)]
    [InlineData(MatcherType.Regex, "a", "ab", false)]
    [InlineData(MatcherType.Regex, "a.c", "a\nc", true)]
    [InlineData(MatcherType.NotRegex, "a.*", "abc", false)]
    [InlineData(MatcherType.NotRegex, "a.*", "xyz", true)]
    public void Matcher_against_a_value(MatcherType type, string pattern, string value, bool expected)
    {
        new LabelMatcher("ns", type, pattern).Matches(Labels(("ns", value))).Should().Be(expected);
    }

    [Fact]
    public void A_missing_label_has_the_empty_value()
    {
        new LabelMatcher("ns", MatcherType.NotEqual, "a").Matches(Labels()).Should().BeTrue();
        new LabelMatcher("ns", MatcherType.Equal, "a").Matches(Labels()).Should().BeFalse();
    }

    [Fact]
    public void Scope_admits_only_series_inside_it()
    {
        var scope = new LabelScope([LabelConstraint.Literal("namespace", ["team-a", "dot.ns"])], ["http_.*"]);

        scope.Admits(Labels(("__name__", "http_x"), ("namespace", "dot.ns"))).Should().BeTrue();
        scope.Admits(Labels(("__name__", "http_x"), ("namespace", "dotXns"))).Should().BeFalse();
        scope.Admits(Labels(("__name__", "node_x"), ("namespace", "team-a"))).Should().BeFalse();
        scope.Admits(Labels(("namespace", "team-a"))).Should().BeFalse();
    }
}
