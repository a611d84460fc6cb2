namespace Hesione.PromQL.Ast;

/// <summary>A range vector selector such as <c>http_requests_total[5m]</c>.</summary>
/// <param name="Selector">The selector the range applies to (it holds the offset, <c>@</c>, anchored and smoothed modifiers).</param>
/// <param name="Range">The range.</param>
public sealed record MatrixSelector(VectorSelector Selector, DurationExpr Range) : Expr
{
    /// <inheritdoc/>
    public override ValueType Type => ValueType.Matrix;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(ExprVisitor<TResult> visitor) => visitor.VisitMatrixSelector(this);

    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => [Selector];

    /// <summary>This node with another selector; the same instance when it is the same.</summary>
    public MatrixSelector Update(VectorSelector selector) => ReferenceEquals(selector, Selector) ? this : this with { Selector = selector };

    /// <inheritdoc/>
    public bool Equals(MatrixSelector? other) =>
        ReferenceEquals(this, other) || (other is not null && Selector.Equals(other.Selector) && Range.Equals(other.Range));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(MatrixSelector), Selector, Range);
}
