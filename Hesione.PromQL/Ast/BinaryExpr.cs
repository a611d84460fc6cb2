namespace Hesione.PromQL.Ast;

/// <summary>A binary operation such as <c>a / on(job) group_left b</c> or <c>x &gt; bool 1</c>.</summary>
/// <param name="Op">The operator.</param>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
/// <param name="Matching">The vector matching clause, or null when none was written.</param>
/// <param name="ReturnBool">The <c>bool</c> modifier of comparisons.</param>
public sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, VectorMatching? Matching = null, bool ReturnBool = false) : Expr
{
    /// <inheritdoc/>
    public override ValueType Type =>
        Left.Type == ValueType.Scalar && Right.Type == ValueType.Scalar ? ValueType.Scalar : ValueType.Vector;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(ExprVisitor<TResult> visitor) => visitor.VisitBinaryExpr(this);

    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => [Left, Right];

    /// <summary>This node with other operands; the same instance when both are the same.</summary>
    public BinaryExpr Update(Expr left, Expr right) =>
        ReferenceEquals(left, Left) && ReferenceEquals(right, Right) ? this : this with { Left = left, Right = right };

    /// <inheritdoc/>
    public bool Equals(BinaryExpr? other) =>
        ReferenceEquals(this, other) || (other is not null && Op == other.Op && ReturnBool == other.ReturnBool
            && Equals(Matching ?? VectorMatching.Default, other.Matching ?? VectorMatching.Default)
            && Left.Equals(other.Left) && Right.Equals(other.Right));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(BinaryExpr), Op, ReturnBool, Left, Right);
}
