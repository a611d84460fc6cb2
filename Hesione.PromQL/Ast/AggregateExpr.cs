using System.Collections.Immutable;

namespace Hesione.PromQL.Ast;

/// <summary>An aggregation such as <c>sum by (job) (x)</c> or <c>topk(5, x)</c>.</summary>
/// <param name="Op">The aggregation operator.</param>
/// <param name="Expr">The aggregated expression.</param>
/// <param name="Param">The parameter of <c>topk</c>, <c>bottomk</c>, <c>quantile</c>, <c>count_values</c>, <c>limitk</c>, <c>limit_ratio</c>; otherwise null.</param>
/// <param name="Grouping">The labels of <c>by</c> or <c>without</c>.</param>
/// <param name="Without">True for <c>without</c>, false for <c>by</c> (or none).</param>
public sealed record AggregateExpr(AggregateOp Op, Expr Expr, Expr? Param, ImmutableArray<string> Grouping, bool Without) : Expr
{
    /// <inheritdoc/>
    public override ValueType Type => ValueType.Vector;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(ExprVisitor<TResult> visitor) => visitor.VisitAggregateExpr(this);

    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => Param is null ? [Expr] : [Param, Expr];

    /// <summary>This node with other children; the same instance when they are the same.</summary>
    public AggregateExpr Update(Expr? param, Expr expr) =>
        ReferenceEquals(param, Param) && ReferenceEquals(expr, Expr) ? this : this with { Param = param, Expr = expr };

    /// <inheritdoc/>
    public bool Equals(AggregateExpr? other) =>
        ReferenceEquals(this, other) || (other is not null && Op == other.Op && Without == other.Without
            && NodeEquality.ListEqual(Grouping, other.Grouping) && Equals(Param, other.Param) && Expr.Equals(other.Expr));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(AggregateExpr), Op, Without, NodeEquality.ListHash(Grouping), Param, Expr);
}
