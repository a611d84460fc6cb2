using System.Collections.Immutable;

namespace Hesione.PromQL.Ast;

/// <summary>
/// An instant vector selector such as <c>http_requests_total{job="api"} offset 5m</c>.
/// The metric name written before the braces is <see cref="Name"/>; <see cref="Matchers"/> holds the
/// matchers written inside the braces (a <c>__name__</c> matcher stands there when the name was given that way).
/// Matchers are ANDed, so equality ignores their order (the printer sorts them).
/// When the selector is the operand of a range (<see cref="MatrixSelector"/>), its offset and <c>@</c>
/// modifier are those written after the range, as in Prometheus.
/// </summary>
/// <param name="Name">The metric name before the braces, or null.</param>
/// <param name="Matchers">The matchers inside the braces, in source order.</param>
public sealed record VectorSelector(string? Name, ImmutableArray<LabelMatcher> Matchers) : Expr
{
    /// <summary>The <c>offset</c> modifier, or null.</summary>
    public DurationExpr? Offset { get; init; }

    /// <summary>The <c>@</c> modifier, or null.</summary>
    public AtModifier? At { get; init; }

    /// <summary>The <c>anchored</c> modifier (extended range selectors).</summary>
    public bool Anchored { get; init; }

    /// <summary>The <c>smoothed</c> modifier (extended range selectors).</summary>
    public bool Smoothed { get; init; }

    /// <summary>The matchers in effect: the name (as <c>__name__="name"</c>) followed by <see cref="Matchers"/>.</summary>
    public IEnumerable<LabelMatcher> EffectiveMatchers =>
        Name is null ? Matchers : Matchers.Prepend(new LabelMatcher(LabelMatcher.MetricNameLabel, MatcherType.Equal, Name));

    /// <inheritdoc/>
    public override ValueType Type => ValueType.Vector;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(ExprVisitor<TResult> visitor) => visitor.VisitVectorSelector(this);

    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => [];

    /// <summary>This selector with other matchers; the same instance when they are the same list.</summary>
    public VectorSelector WithMatchers(ImmutableArray<LabelMatcher> matchers) =>
        matchers == Matchers || NodeEquality.ListEqual(matchers, Matchers) ? this : this with { Matchers = matchers };

    /// <inheritdoc/>
    public bool Equals(VectorSelector? other) =>
        ReferenceEquals(this, other) || (other is not null
            && string.Equals(Name, other.Name, StringComparison.Ordinal)
            && NodeEquality.SetEqual(Matchers, other.Matchers)
            && Equals(Offset, other.Offset)
            && Equals(At, other.At)
            && Anchored == other.Anchored
            && Smoothed == other.Smoothed);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(typeof(VectorSelector), Name, NodeEquality.SetHash(Matchers), Offset, At, Anchored, Smoothed);
}
