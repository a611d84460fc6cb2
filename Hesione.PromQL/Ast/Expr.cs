namespace Hesione.PromQL.Ast;

/// <summary>
/// The base of every PromQL expression node. Nodes are immutable records; equality is
/// structural (children compared by value, lists element by element) and ignores
/// <see cref="Position"/>. Use the <c>Update</c> method of each node to obtain a changed
/// copy: it returns the same instance when nothing changed.
/// </summary>
public abstract record Expr
{
    /// <summary>
    /// Only this library defines node kinds: visitors, printers and enforcement know every kind, so a node defined
    /// elsewhere could not be printed or enforced.
    /// </summary>
    private protected Expr()
    {
    }

    /// <summary>Where the node was found in the parsed text (<see cref="PositionRange.None"/> for built nodes).</summary>
    public PositionRange Position { get; init; }

    /// <summary>The type this expression evaluates to.</summary>
    public abstract ValueType Type { get; }

    /// <summary>Dispatches to the matching <c>Visit</c> method of <paramref name="visitor"/>.</summary>
    public abstract TResult Accept<TResult>(ExprVisitor<TResult> visitor);

    /// <summary>The direct child expressions, in source order.</summary>
    public abstract IEnumerable<Expr> Children { get; }

    /// <summary>The canonical PromQL text of this expression (see <see cref="Printing.PromQLPrinter"/>).</summary>
    public sealed override string ToString() => Printing.PromQLPrinter.Print(this);

    /// <summary>Equality ignores positions; subclasses compare their own members.</summary>
    public virtual bool Equals(Expr? other) =>
        ReferenceEquals(this, other) || (other is not null && EqualityContract == other.EqualityContract);

    /// <inheritdoc/>
    public override int GetHashCode() => EqualityContract.GetHashCode();
}
