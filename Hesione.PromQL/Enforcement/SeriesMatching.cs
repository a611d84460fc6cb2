using Hesione.PromQL.Ast;
using Hesione.PromQL.Re2;

namespace Hesione.PromQL.Enforcement;

/// <summary>
/// Evaluates matchers against a concrete label set, as Prometheus does (a missing label has the empty
/// value; regexes are RE2, fully anchored, <c>.</c> matching newlines). Used to filter responses such as
/// rules and alerts. Fails closed: a regex that cannot be evaluated in time does not match.
/// </summary>
public static class SeriesMatching
{
    /// <summary>Whether the series with <paramref name="labels"/> satisfies <paramref name="matcher"/>.</summary>
    public static bool Matches(this LabelMatcher matcher, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        ArgumentNullException.ThrowIfNull(labels);
        var value = labels.TryGetValue(matcher.Name, out var v) ? v : "";
        return matcher.Type switch
        {
            MatcherType.Equal => value == matcher.Value,
            MatcherType.NotEqual => value != matcher.Value,
            MatcherType.Regex => AnchoredRegex.FullMatch(matcher.Value, value) == true,
            _ => AnchoredRegex.FullMatch(matcher.Value, value) == false,
        };
    }

    /// <summary>Whether a series with <paramref name="labels"/> lies inside <paramref name="scope"/> (every scope matcher holds).</summary>
    public static bool Admits(this LabelScope scope, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(scope);
        foreach (var matcher in scope.Matchers)
            if (!matcher.Matches(labels)) return false;
        return true;
    }
}
