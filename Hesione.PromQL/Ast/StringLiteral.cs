namespace Hesione.PromQL.Ast;

/// <summary>A string literal; <see cref="Value"/> is the unquoted text.</summary>
/// <param name="Value">The string after escape processing.</param>
public sealed record StringLiteral(string Value) : Expr
{
    /// <inheritdoc/>
    public override ValueType Type => ValueType.String;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(ExprVisitor<TResult> visitor) => visitor.VisitStringLiteral(this);

    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => [];

    /// <inheritdoc/>
    public bool Equals(StringLiteral? other) =>
        ReferenceEquals(this, other) || (other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(StringLiteral), Value);
}
