using System.Text.Json.Nodes;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Hesione.Server.Filtering;

namespace Hesione.Server.Alertmanager;

/// <summary>
/// Holds Alertmanager silences to a scope. A silence is inside the scope (the tenant's own: listed, read, deleted,
/// updated) when, for every scope matcher, it has an equality matcher with an allowed value, the scope's own regex
/// matcher, or a regex matcher of literal values only (<c>namespace=~"team-a"</c>, <c>=~"a|b"</c>) that are all allowed,
/// and no matcher on a scoped label that provably cannot meet the scope: then it can only silence alerts inside the scope.
/// A posted silence gets the scope's matchers it lacks. A matcher on a scoped label that provably cannot meet the
/// scope (<c>namespace="team-b"</c>) follows the receiver's <c>on_conflict</c>, as in queries: kept next to the scope's
/// matcher (<c>intersect</c>: the silence then silences nothing, and is no tenant's to see) or refused (<c>reject</c>).
/// </summary>
internal static class SilenceScope
{
    /// <summary>Whether the silence (an Alertmanager silence object, as Alertmanager answers it) stays inside <paramref name="scope"/>.</summary>
    public static bool Inside(JsonNode? silence, LabelScope scope) => Inside(Read(JsonShape.Object(silence, "silence")), scope);

    /// <summary>Whether a silence with <paramref name="matchers"/> stays inside <paramref name="scope"/>.</summary>
    public static bool Inside(IReadOnlyList<LabelMatcher> matchers, LabelScope scope)
    {
        foreach (var required in scope.Matchers)
        {
            if (!matchers.Any(m => Holds(m, required))) return false;
            var allowed = AllowedValues(scope, required);
            if (matchers.Any(m => m.Name == required.Name && Conflicts(m, required, allowed))) return false;
        }
        return true;
    }

    /// <summary>
    /// The posted silence with the scope matchers it lacks added, or, when the scope says <see cref="OnConflict.Reject"/>,
    /// a message for a matcher on a scoped label that provably cannot meet the scope (the silence is then refused).
    /// </summary>
    public static (PostedSilence? Silence, string? Conflict) Enforce(PostedSilence silence, LabelScope scope)
    {
        var matchers = silence.Matchers.Select(m => m.ToLabelMatcher()).ToList();
        var added = silence.Matchers.ToBuilder();
        foreach (var required in scope.Matchers)
        {
            var allowed = AllowedValues(scope, required);
            foreach (var matcher in matchers)
            {
                if (scope.OnConflict != OnConflict.Reject || matcher.Name != required.Name || !Conflicts(matcher, required, allowed)) continue;
                return (null, $"silence matcher {matcher.Name}{matcher.OperatorText}\"{matcher.Value}\" is outside the receiver's scope");
            }
            if (matchers.Exists(m => Holds(m, required))) continue;
            added.Add(new SilenceMatcher(required.Name, required.Value, IsRegex: required.Type == MatcherType.Regex, IsEqual: true));
        }
        return (silence with { Matchers = added.ToImmutable() }, null);
    }

    private static bool Holds(LabelMatcher matcher, LabelMatcher required) =>
        matcher.Name == required.Name && matcher.Type switch
        {
            MatcherType.Equal => required.Matches(Single(matcher.Name, matcher.Value)),
            MatcherType.Regex => (required.Type == MatcherType.Regex && matcher.Value == required.Value)
                || (LiteralAlternation.Values(matcher.Value) is { } values && values.TrueForAll(value => required.Matches(Single(matcher.Name, value)))),
            _ => false,
        };

    /// <summary>The literal values the scope allows for <paramref name="required"/>'s label, or default for a regex constraint (or the metric scope).</summary>
    private static System.Collections.Immutable.ImmutableArray<string> AllowedValues(LabelScope scope, LabelMatcher required) =>
        scope.Constraints.FirstOrDefault(c => c.Name == required.Name) is { IsRegex: false } literal ? literal.Values : default;

    /// <summary>Whether <paramref name="matcher"/> provably admits no value the scope allows.</summary>
    private static bool Conflicts(LabelMatcher matcher, LabelMatcher required, System.Collections.Immutable.ImmutableArray<string> allowed)
    {
        if (!allowed.IsDefault) return !allowed.Any(value => matcher.Matches(Single(matcher.Name, value)));
        return matcher.Type == MatcherType.Equal && !required.Matches(Single(matcher.Name, matcher.Value));
    }

    private static Dictionary<string, string> Single(string name, string value) => new(StringComparer.Ordinal) { [name] = value };

    private static List<LabelMatcher> Read(JsonObject silence)
    {
        var matchers = new List<LabelMatcher>();
        foreach (var node in JsonShape.Array(silence["matchers"], "matchers"))
        {
            var matcher = JsonShape.Object(node, "matcher");
            var isRegex = JsonShape.Bool(matcher["isRegex"], "matcher.isRegex", absent: false);
            var isEqual = JsonShape.Bool(matcher["isEqual"], "matcher.isEqual", absent: true);
            matchers.Add(new SilenceMatcher(JsonShape.String(matcher["name"], "matcher.name"), JsonShape.String(matcher["value"], "matcher.value"), isRegex, isEqual).ToLabelMatcher());
        }
        return matchers;
    }
}
