using System.Text.Json.Nodes;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Hesione.Server.Filtering;

namespace Hesione.Server.Alertmanager;

/// <summary>
/// Holds Alertmanager silences to a scope. A silence is inside the scope when, for every scope matcher, it has an
/// equality matcher with an allowed value, or the scope's own regex matcher: then it can only silence alerts inside
/// the scope. A posted silence gets the scope's matchers it lacks; one with a matcher on a scoped label that
/// provably cannot meet the scope (<c>namespace="team-b"</c>) is refused.
/// </summary>
internal static class SilenceScope
{
    /// <summary>Whether the silence (an Alertmanager silence object) stays inside <paramref name="scope"/>.</summary>
    public static bool Inside(JsonNode? silence, LabelScope scope)
    {
        var matchers = Read(JsonShape.Object(silence, "silence"));
        foreach (var required in scope.Matchers)
            if (!matchers.Exists(m => Holds(m, required))) return false;
        return true;
    }

    /// <summary>
    /// Adds to a posted silence the scope matchers it lacks. Returns a message when a matcher on a scoped label
    /// provably cannot meet the scope (the silence is then refused), null otherwise.
    /// </summary>
    public static string? Enforce(JsonObject silence, LabelScope scope)
    {
        var array = JsonShape.Array(silence["matchers"], "matchers");
        var matchers = Read(silence);
        foreach (var required in scope.Matchers)
        {
            var allowed = scope.Constraints.FirstOrDefault(c => c.Name == required.Name) is { IsRegex: false } literal ? literal.Values : default;
            foreach (var matcher in matchers)
            {
                if (matcher.Name != required.Name || !Conflicts(matcher, required, allowed)) continue;
                return $"silence matcher {matcher.Name}{matcher.OperatorText}\"{matcher.Value}\" is outside the receiver's scope";
            }
            if (matchers.Exists(m => Holds(m, required))) continue;
            array.Add(new JsonObject
            {
                ["name"] = required.Name,
                ["value"] = required.Value,
                ["isRegex"] = required.Type == MatcherType.Regex,
                ["isEqual"] = true,
            });
        }
        return null;
    }

    private static bool Holds(LabelMatcher matcher, LabelMatcher required) =>
        matcher.Name == required.Name && matcher.Type switch
        {
            MatcherType.Equal => required.Matches(Single(matcher.Name, matcher.Value)),
            MatcherType.Regex => required.Type == MatcherType.Regex && matcher.Value == required.Value,
            _ => false,
        };

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
            var type = (isEqual, isRegex) switch
            {
                (true, false) => MatcherType.Equal,
                (false, false) => MatcherType.NotEqual,
                (true, true) => MatcherType.Regex,
                _ => MatcherType.NotRegex,
            };
            matchers.Add(new LabelMatcher(JsonShape.String(matcher["name"], "matcher.name"), type, JsonShape.String(matcher["value"], "matcher.value")));
        }
        return matchers;
    }
}
