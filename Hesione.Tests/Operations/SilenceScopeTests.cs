using System.Text.Json.Nodes;
using FluentAssertions;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Hesione.Server.Alertmanager;
using Xunit;

namespace Hesione.Tests.Operations;

public sealed class SilenceScopeTests
{
    private static readonly LabelScope TeamA = LabelScope.Single("namespace", "team-a");
    private static readonly LabelScope TeamAReject = new([LabelConstraint.Literal("namespace", ["team-a"])], onConflict: OnConflict.Reject);
    private static readonly LabelScope AOrB = new([LabelConstraint.Literal("namespace", ["a.x", "b"])]);
    private static readonly LabelScope Regex = new([LabelConstraint.Regexes("namespace", ["team-.+"])]);

    private static JsonObject Silence(params (string Name, string Value, bool IsRegex, bool IsEqual)[] matchers) => new()
    {
        ["matchers"] = new JsonArray(matchers.Select(m => (JsonNode)new JsonObject
        {
            ["name"] = m.Name, ["value"] = m.Value, ["isRegex"] = m.IsRegex, ["isEqual"] = m.IsEqual,
        }).ToArray()),
    };

    [Theory]
    [InlineData("namespace", "team-a", false, true, true)]
    [InlineData("namespace", "team-b", false, true, false)]
    [InlineData("namespace", "team-a", false, false, false)]
    [InlineData("namespace", "team-a", true, true, true)]
    [InlineData("namespace", "team-a|team-a", true, true, true)]
    [InlineData("namespace", "team-a|team-b", true, true, false)]
    [InlineData("namespace", "team-.*", true, true, false)]
    [InlineData("namespace", "team-a", true, false, false)]
    [InlineData("alertname", "team-a", false, true, false)]
    public void A_single_value_scope_holds_an_equal_or_literal_regex_matcher_with_its_value(string name, string value, bool isRegex, bool isEqual, bool inside) =>
        SilenceScope.Inside(Silence((name, value, isRegex, isEqual)), TeamA).Should().Be(inside);

    [Fact]
    public void A_multi_value_scope_holds_each_allowed_value_or_its_own_regex()
    {
        SilenceScope.Inside(Silence(("namespace", "a.x", false, true)), AOrB).Should().BeTrue();
        SilenceScope.Inside(Silence(("namespace", "aXx", false, true)), AOrB).Should().BeFalse();
        SilenceScope.Inside(Silence(("namespace", AOrB.Matchers[0].Value, true, true)), AOrB).Should().BeTrue();
        SilenceScope.Inside(Silence(("namespace", "a.x|b|c", true, true)), AOrB).Should().BeFalse();
        SilenceScope.Inside(Silence(("namespace", @"b|a\.x", true, true)), AOrB).Should().BeTrue();
        SilenceScope.Inside(Silence(("namespace", "a.x|b", true, true)), AOrB).Should().BeFalse(because: "the unescaped dot matches aXx too");
        SilenceScope.Inside(Silence(("namespace", @"b|c", true, true)), AOrB).Should().BeFalse();
    }

    [Fact]
    public void A_silence_with_a_matcher_that_cannot_meet_the_scope_is_not_inside_it()
    {
        SilenceScope.Inside(Silence(("namespace", "team-a", false, true), ("namespace", "team-b", false, true)), TeamA).Should().BeFalse();
        SilenceScope.Inside(Silence(("namespace", "team-a", false, true), ("namespace", "team-b", false, false)), TeamA).Should().BeTrue();
        SilenceScope.Inside(Silence(("namespace", "team-a", false, true), ("namespace", "team-.*", true, true)), TeamA).Should().BeTrue();
        SilenceScope.Inside(Silence(("namespace", "team-z", false, true), ("namespace", "other", false, true)), Regex).Should().BeFalse();
    }

    [Fact]
    public void A_regex_scope_holds_a_value_it_matches()
    {
        SilenceScope.Inside(Silence(("namespace", "team-z", false, true)), Regex).Should().BeTrue();
        SilenceScope.Inside(Silence(("namespace", "other", false, true)), Regex).Should().BeFalse();
    }

    private static PostedSilence Posted(params (string Name, string Value, bool IsRegex, bool IsEqual)[] matchers) =>
        new(null, [.. matchers.Select(m => new SilenceMatcher(m.Name, m.Value, m.IsRegex, m.IsEqual))], "2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z", "test", "test");

    private static bool Inside(PostedSilence silence, LabelScope scope) =>
        SilenceScope.Inside([.. silence.Matchers.Select(m => m.ToLabelMatcher())], scope);

    [Fact]
    public void Posting_adds_the_missing_scope_matcher()
    {
        var (silence, conflict) = SilenceScope.Enforce(Posted(("alertname", "X", false, true)), AOrB);

        conflict.Should().BeNull();
        silence!.Matchers.Should().HaveCount(2);
        Inside(silence, AOrB).Should().BeTrue();
        silence.Matchers[1].Should().Be(new SilenceMatcher("namespace", AOrB.Matchers[0].Value, IsRegex: true, IsEqual: true));
    }

    [Fact]
    public void Posting_keeps_a_silence_already_inside_unchanged()
    {
        var posted = Posted(("namespace", "team-a", false, true));
        var (silence, conflict) = SilenceScope.Enforce(posted, TeamA);
        conflict.Should().BeNull();
        silence.Should().Be(posted);
    }

    [Theory]
    [InlineData("team-b", false, true)]
    [InlineData("", false, true)]
    [InlineData("team-a", false, false)]
    [InlineData("team-b|team-c", true, true)]
    [InlineData("team-.*", true, false)]
    public void A_matcher_that_cannot_meet_a_literal_scope_is_refused_or_kept_next_to_the_scope_as_on_conflict_says(string value, bool isRegex, bool isEqual)
    {
        var posted = Posted(("namespace", value, isRegex, isEqual));
        var (refused, conflict) = SilenceScope.Enforce(posted, TeamAReject);
        refused.Should().BeNull();
        conflict.Should().Contain("outside the receiver's scope");

        var (kept, none) = SilenceScope.Enforce(posted, TeamA);
        none.Should().BeNull();
        kept!.Matchers.Should().Equal(posted.Matchers[0], new SilenceMatcher("namespace", "team-a", IsRegex: false, IsEqual: true));
        Inside(kept, TeamA).Should().BeFalse(because: "it silences nothing and is no tenant's own");
        Inside(kept, LabelScope.Single("namespace", "team-b")).Should().BeFalse();
    }

    [Fact]
    public void Posting_narrows_a_matcher_that_may_meet_the_scope()
    {
        var (silence, _) = SilenceScope.Enforce(Posted(("namespace", "team-.*", true, true)), TeamA);
        Inside(silence!, TeamA).Should().BeTrue();

        var (negative, _) = SilenceScope.Enforce(Posted(("namespace", "b", false, false)), AOrB);
        Inside(negative!, AOrB).Should().BeTrue();
    }

    [Theory]
    [InlineData("team-a", new[] { "team-a" })]
    [InlineData(@"a\.x|b", new[] { "a.x", "b" })]
    [InlineData(@"default|some\|thing", new[] { "default", "some|thing" })]
    [InlineData("a b#-/,é", new[] { "a b#-/,é" })]
    [InlineData("a|", new[] { "a", "" })]
    [InlineData("a.x", null)]
    [InlineData(@"\d", null)]
    [InlineData("(?i)a", null)]
    [InlineData("a{2}", null)]
    [InlineData(@"a\", null)]
    public void A_regex_of_literal_text_matches_exactly_its_values(string regex, string[]? values) =>
        LiteralAlternation.Values(regex).Should().BeEquivalentTo(values, o => o.WithStrictOrdering());

    [Fact]
    public void A_malformed_silence_is_a_format_error()
    {
        var act = () => SilenceScope.Inside(new JsonObject { ["matchers"] = new JsonArray(JsonValue.Create(1)) }, TeamA);
        act.Should().Throw<FormatException>();
    }

    [Theory]
    [InlineData(MatcherType.Equal, "team-a", "namespace=\"team-a\"")]
    [InlineData(MatcherType.Regex, @"a\.x|b", "namespace=~\"a\\\\.x|b\"")]
    [InlineData(MatcherType.Equal, "say \"hi\"\n", "namespace=\"say \\\"hi\\\"\\n\"")]
    public void Scope_matchers_are_written_in_Alertmanager_filter_syntax(MatcherType type, string value, string filter) =>
        AlertmanagerFilter.Format(new LabelMatcher("namespace", type, value)).Should().Be(filter);
}
