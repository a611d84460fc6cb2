using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Re2;

namespace Hesione.PromQL.Enforcement;

/// <summary>What to do when a user's own matcher on a scoped label provably cannot meet the scope.</summary>
public enum OnConflict
{
    /// <summary>Keep the user's matcher next to the scope's: the result is the (possibly empty) intersection.</summary>
    Intersect,
    /// <summary>Refuse the query.</summary>
    Reject,
}

/// <summary>
/// A tenant's scope: label constraints ANDed across label names, and an optional list of metric-name
/// regexes. Every selector of an enforced query carries <see cref="Matchers"/>.
/// Two scopes are equal when they hold equal constraints (in any order: they are ANDed), the same metric
/// patterns in the same order (they make one alternation) and the same conflict rule.
/// </summary>
public sealed record LabelScope
{
    /// <summary>Builds a scope; throws <see cref="ScopeException"/> when it would not restrict anything or a metric regex is invalid.</summary>
    /// <param name="constraints">The label constraints (at most one per label name).</param>
    /// <param name="metricPatterns">RE2 regexes of allowed metric names; empty for no metric restriction.</param>
    /// <param name="onConflict">The conflict rule.</param>
    public LabelScope(IEnumerable<LabelConstraint> constraints, IEnumerable<string>? metricPatterns = null, OnConflict onConflict = OnConflict.Intersect)
    {
        Constraints = [.. constraints];
        MetricPatterns = [.. metricPatterns ?? []];
        OnConflict = onConflict;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in Constraints)
        {
            if (c.Name == LabelMatcher.MetricNameLabel) throw new ScopeException("restrict metric names with the metric patterns, not a __name__ label constraint");
            if (!names.Add(c.Name)) throw new ScopeException($"label {c.Name} is constrained twice");
        }
        foreach (var pattern in MetricPatterns)
        {
            if (AnchoredRegex.ScopeProblem(pattern) is { } problem) throw new ScopeException($"metric pattern: {problem}");
        }
        if (Constraints.IsEmpty && MetricPatterns.IsEmpty) throw new ScopeException("a scope needs at least one label constraint or metric pattern");

        var matchers = Constraints.Select(c => c.Matcher).ToList();
        if (!MetricPatterns.IsEmpty)
            matchers.Add(new LabelMatcher(LabelMatcher.MetricNameLabel, MatcherType.Regex, RegexQuoting.Alternation(MetricPatterns)));
        Matchers = [.. matchers];
    }

    /// <summary>The label constraints.</summary>
    public ImmutableArray<LabelConstraint> Constraints { get; }

    /// <summary>The metric-name regexes (empty: any metric).</summary>
    public ImmutableArray<string> MetricPatterns { get; }

    /// <summary>The conflict rule.</summary>
    public OnConflict OnConflict { get; }

    /// <summary>The matchers added to every selector, in constraint order, the metric-name matcher last.</summary>
    public ImmutableArray<LabelMatcher> Matchers { get; }

    /// <summary>A series selector made of the scope's matchers alone, e.g. <c>{namespace="team-a"}</c>: the <c>match[]</c> to add where a request has none.</summary>
    public VectorSelector DefaultSelector => new(null, Matchers);

    /// <summary>A scope of one label with one value (<c>name="value"</c>).</summary>
    public static LabelScope Single(string name, string value) => new([LabelConstraint.Literal(name, [value])]);

    /// <inheritdoc/>
    public bool Equals(LabelScope? other) =>
        ReferenceEquals(this, other) || (other is not null && OnConflict == other.OnConflict
            && NodeEquality.SetEqual(Constraints, other.Constraints)
            && NodeEquality.ListEqual(MetricPatterns, other.MetricPatterns));

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(OnConflict, NodeEquality.SetHash(Constraints), NodeEquality.ListHash(MetricPatterns));
}
