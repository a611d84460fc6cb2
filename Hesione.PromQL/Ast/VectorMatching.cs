using System.Collections.Immutable;

namespace Hesione.PromQL.Ast;

/// <summary>How the series of the two sides of a binary operation are paired.</summary>
public enum Cardinality
{
    /// <summary>Each element on one side matches at most one on the other (default for arithmetic and comparisons).</summary>
    OneToOne,
    /// <summary><c>group_left</c>: many on the left, one on the right.</summary>
    ManyToOne,
    /// <summary><c>group_right</c>: one on the left, many on the right.</summary>
    OneToMany,
    /// <summary>Set operators (<c>and or unless</c>).</summary>
    ManyToMany,
}

/// <summary>
/// The vector matching clause of a binary operation: <c>on(...)</c> / <c>ignoring(...)</c>,
/// <c>group_left(...)</c> / <c>group_right(...)</c>, and the experimental fill modifiers.
/// </summary>
/// <param name="Card">The matching cardinality.</param>
/// <param name="MatchingLabels">Labels of <c>on</c> or <c>ignoring</c>.</param>
/// <param name="On">True for <c>on</c>, false for <c>ignoring</c> (or no clause).</param>
/// <param name="Include">Extra labels of <c>group_left</c>/<c>group_right</c>.</param>
public sealed record VectorMatching(Cardinality Card, ImmutableArray<string> MatchingLabels, bool On, ImmutableArray<string> Include)
{
    /// <summary>The value of <c>fill_left(...)</c> (or of <c>fill(...)</c>): used when the left side has no match.</summary>
    public double? FillLeft { get; init; }

    /// <summary>The value of <c>fill_right(...)</c> (or of <c>fill(...)</c>): used when the right side has no match.</summary>
    public double? FillRight { get; init; }

    /// <summary>Default one-to-one matching on all labels.</summary>
    public static VectorMatching Default { get; } = new(Cardinality.OneToOne, [], false, []);

    /// <summary>Whether the clause would print as nothing (no on/ignoring, grouping or fill).</summary>
    public bool IsImplicit => !On && MatchingLabels.IsDefaultOrEmpty && Card is Cardinality.OneToOne or Cardinality.ManyToMany
        && FillLeft is null && FillRight is null;

    /// <inheritdoc/>
    public bool Equals(VectorMatching? other) =>
        ReferenceEquals(this, other) || (other is not null && Card == other.Card && On == other.On
            && NodeEquality.ListEqual(MatchingLabels, other.MatchingLabels)
            && NodeEquality.ListEqual(Include, other.Include)
            && FillEqual(FillLeft, other.FillLeft) && FillEqual(FillRight, other.FillRight));

    private static bool FillEqual(double? a, double? b) =>
        a is null ? b is null : b is not null && NodeEquality.NumberEqual(a.Value, b.Value);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(Card, On, NodeEquality.ListHash(MatchingLabels), NodeEquality.ListHash(Include), FillLeft, FillRight);
}
