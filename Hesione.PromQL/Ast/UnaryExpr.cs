namespace Hesione.PromQL.Ast;

/// <summary>A unary <c>-</c> or <c>+</c> applied to a non-literal expression (signs on numbers fold into the literal).</summary>
/// <param name="Negate">True for <c>-</c>, false for <c>+</c>.</param>
/// <param name="Expr">The operand.</param>
public sealed record UnaryExpr(bool Negate, Expr Expr) : Expr
{
    /// <inheritdoc/>
    public override ValueType Type => Expr.Type;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(ExprVisitor<TResult> visitor) => visitor.VisitUnaryExpr(this);

    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => [Expr];

    /// <summary>This node with another operand; the same instance when it is the same.</summary>
    public UnaryExpr Update(Expr expr) => ReferenceEquals(expr, Expr) ? this : this with { Expr = expr };

    /// <inheritdoc/>
    public bool Equals(UnaryExpr? other) =>
        ReferenceEquals(this, other) || (other is not null && Negate == other.Negate && Expr.Equals(other.Expr));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(UnaryExpr), Negate, Expr);
}
