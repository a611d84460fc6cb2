namespace Hesione.PromQL.Ast;

/// <summary>A number such as <c>1</c>, <c>0x1F</c>, <c>Inf</c>, or a duration literal such as <c>5m</c> used as a number of seconds.</summary>
/// <param name="Value">The value (seconds for durations).</param>
/// <param name="IsDuration">True when the source wrote a duration (<c>5m</c>); the printer keeps that form.</param>
public sealed record NumberLiteral(double Value, bool IsDuration = false) : Expr
{
    /// <inheritdoc/>
    public override ValueType Type => ValueType.Scalar;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(ExprVisitor<TResult> visitor) => visitor.VisitNumberLiteral(this);

    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => [];

    /// <inheritdoc/>
    public bool Equals(NumberLiteral? other) =>
        ReferenceEquals(this, other) || (other is not null && NodeEquality.NumberEqual(Value, other.Value) && IsDuration == other.IsDuration);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(NumberLiteral), Value, IsDuration);
}
