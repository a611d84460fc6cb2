using Hesione.PromQL.Ast;
using Hesione.PromQL.Re2;

namespace Hesione.PromQL.Enforcement;

/// <summary>
/// Decides whether a user's matcher provably cannot meet the scope, for <see cref="OnConflict.Reject"/>.
/// Decided: every matcher against a scope of literal values (the values are tested against the
/// matcher), and an equality matcher against a regex scope or the metric patterns (the value is tested
/// against the regexes). Not decided, and so never rejected (the intersection still applies):
/// <c>!=</c>, <c>=~</c> and <c>!~</c> matchers against regex scopes or metric patterns, which would need
/// regex-intersection emptiness.
/// </summary>
internal sealed class ConflictDetector(LabelScope scope)
{
    public string? FindConflict(VectorSelector selector)
    {
        foreach (var constraint in scope.Constraints)
            foreach (var m in selector.Matchers)
                if (m.Name == constraint.Name && !m.Equals(constraint.Matcher) && Conflicts(constraint, m))
                    return $"matcher {m} cannot select anything inside the scope of label {Printing.GoQuoting.Quote(constraint.Name)}";

        if (scope.MetricPatterns.IsEmpty) return null;
        foreach (var m in selector.EffectiveMatchers)
            if (m is { Name: LabelMatcher.MetricNameLabel, Type: MatcherType.Equal } && !scope.MetricPatterns.Any(p => FullMatch(p, m.Value)))
                return $"metric {Printing.GoQuoting.Quote(m.Value)} is outside the scope";
        return null;
    }

    private static bool Conflicts(LabelConstraint constraint, LabelMatcher m)
    {
        if (constraint.IsRegex)
            return m.Type == MatcherType.Equal && !constraint.Values.Any(p => FullMatch(p, m.Value));
        return m.Type switch
        {
            MatcherType.Equal => !constraint.Values.Contains(m.Value),
            MatcherType.NotEqual => constraint.Values.All(v => v == m.Value),
            MatcherType.Regex => !constraint.Values.Any(v => FullMatch(m.Value, v)),
            _ => constraint.Values.All(v => FullMatch(m.Value, v)),
        };
    }

    /// <summary>Whether RE2 <paramref name="pattern"/>, anchored as Prometheus anchors it, matches <paramref name="value"/>. Undecidable cases answer true (no conflict).</summary>
    private static bool FullMatch(string pattern, string value) => AnchoredRegex.FullMatch(pattern, value) ?? true;
}
