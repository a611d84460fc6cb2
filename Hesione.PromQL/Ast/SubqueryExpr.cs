namespace Hesione.PromQL.Ast;

/// <summary>A subquery such as <c>rate(x[5m])[1h:1m] offset 5m</c>.</summary>
/// <param name="Expr">The instant-vector expression evaluated at each step.</param>
/// <param name="Range">The range.</param>
/// <param name="Step">The step, or null for the default resolution (<c>[1h:]</c>).</param>
public sealed record SubqueryExpr(Expr Expr, DurationExpr Range, DurationExpr? Step) : Expr
{
    /// <summary>The <c>offset</c> modifier, or null.</summary>
    public DurationExpr? Offset { get; init; }

    /// <summary>The <c>@</c> modifier, or null.</summary>
    public AtModifier? At { get; init; }

    /// <inheritdoc/>
    public override ValueType Type => ValueType.Matrix;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(ExprVisitor<TResult> visitor) => visitor.VisitSubqueryExpr(this);

    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => [Expr];

    /// <summary>This node with another inner expression; the same instance when it is the same.</summary>
    public SubqueryExpr Update(Expr expr) => ReferenceEquals(expr, Expr) ? this : this with { Expr = expr };

    /// <inheritdoc/>
    public bool Equals(SubqueryExpr? other) =>
        ReferenceEquals(this, other) || (other is not null && Expr.Equals(other.Expr) && Range.Equals(other.Range)
            && Equals(Step, other.Step) && Equals(Offset, other.Offset) && Equals(At, other.At));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(SubqueryExpr), Expr, Range, Step, Offset, At);
}
