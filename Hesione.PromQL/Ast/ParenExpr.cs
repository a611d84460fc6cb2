namespace Hesione.PromQL.Ast;

/// <summary>An expression in parentheses.</summary>
/// <param name="Expr">The enclosed expression.</param>
public sealed record ParenExpr(Expr Expr) : Expr
{
    /// <inheritdoc/>
    public override ValueType Type => Expr.Type;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(ExprVisitor<TResult> visitor) => visitor.VisitParenExpr(this);

    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => [Expr];

    /// <summary>This node with another inner expression; the same instance when it is the same.</summary>
    public ParenExpr Update(Expr expr) => ReferenceEquals(expr, Expr) ? this : this with { Expr = expr };

    /// <inheritdoc/>
    public bool Equals(ParenExpr? other) => ReferenceEquals(this, other) || (other is not null && Expr.Equals(other.Expr));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(ParenExpr), Expr);
}
