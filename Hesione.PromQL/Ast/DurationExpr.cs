using System.Collections.Immutable;

namespace Hesione.PromQL.Ast;

/// <summary>
/// A duration as written in a range (<c>[5m]</c>), a subquery step, or after <c>offset</c>:
/// a literal, or (with duration expressions enabled) arithmetic over durations, <c>step()</c>,
/// <c>range()</c>, <c>min_of(a, b)</c> and <c>max_of(a, b)</c>. Values are in seconds.
/// Equality is structural and ignores <see cref="Position"/>.
/// </summary>
public abstract record DurationExpr
{
    /// <summary>
    /// Only this library defines node kinds: visitors, printers and enforcement know every kind, so a node defined
    /// elsewhere could not be printed or enforced.
    /// </summary>
    private protected DurationExpr()
    {
    }

    /// <summary>Where the node was found in the parsed text.</summary>
    public PositionRange Position { get; init; }

    /// <summary>The value in seconds when it does not depend on the query's step or range; otherwise null.</summary>
    public abstract double? ConstantSeconds { get; }

    /// <summary>Equality ignores positions; subclasses compare their own members.</summary>
    public virtual bool Equals(DurationExpr? other) =>
        ReferenceEquals(this, other) || (other is not null && EqualityContract == other.EqualityContract);

    /// <inheritdoc/>
    public override int GetHashCode() => EqualityContract.GetHashCode();

    /// <summary>The canonical text of the duration.</summary>
    public sealed override string ToString() => Printing.PromQLPrinter.Print(this);
}

/// <summary>A literal duration: <c>5m</c>, or a plain number of seconds such as <c>300</c>.</summary>
/// <param name="Seconds">The value in seconds.</param>
/// <param name="IsDuration">True when written with units (<c>5m</c>) rather than as a number.</param>
public sealed record DurationLiteral(double Seconds, bool IsDuration = true) : DurationExpr
{
    /// <inheritdoc/>
    public override double? ConstantSeconds => Seconds;

    /// <inheritdoc/>
    public bool Equals(DurationLiteral? other) =>
        ReferenceEquals(this, other) || (other is not null && NodeEquality.NumberEqual(Seconds, other.Seconds) && IsDuration == other.IsDuration);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(DurationLiteral), Seconds, IsDuration);
}

/// <summary>A signed duration: <c>-5m</c>, <c>+(1h)</c>.</summary>
/// <param name="Negate">True for <c>-</c>, false for <c>+</c>.</param>
/// <param name="Operand">The duration the sign applies to.</param>
public sealed record DurationUnary(bool Negate, DurationExpr Operand) : DurationExpr
{
    /// <inheritdoc/>
    public override double? ConstantSeconds => Operand.ConstantSeconds is { } v ? (Negate ? -v : v) : null;

    /// <inheritdoc/>
    public bool Equals(DurationUnary? other) =>
        ReferenceEquals(this, other) || (other is not null && Negate == other.Negate && Operand.Equals(other.Operand));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(DurationUnary), Negate, Operand);
}

/// <summary>Duration arithmetic: <c>+ - * / % ^</c>.</summary>
/// <param name="Op">One of <c>+ - * / % ^</c>.</param>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
public sealed record DurationBinary(BinaryOp Op, DurationExpr Left, DurationExpr Right) : DurationExpr
{
    /// <inheritdoc/>
    public override double? ConstantSeconds
    {
        get
        {
            if (Left.ConstantSeconds is not { } l || Right.ConstantSeconds is not { } r) return null;
            return Apply(Op, l, r);
        }
    }

    /// <summary>
    /// <paramref name="op"/> applied to two durations in seconds (for evaluating durations that depend on the query's
    /// <c>step()</c> or <c>range()</c>); null for an operator that is not duration arithmetic.
    /// </summary>
    /// <param name="op">One of <c>+ - * / % ^</c>.</param>
    /// <param name="left">The left operand in seconds.</param>
    /// <param name="right">The right operand in seconds.</param>
    public static double? Apply(BinaryOp op, double left, double right) => op switch
    {
        BinaryOp.Add => left + right,
        BinaryOp.Sub => left - right,
        BinaryOp.Mul => left * right,
        BinaryOp.Div => left / right,
        BinaryOp.Mod => left % right,
        BinaryOp.Pow => Math.Pow(left, right),
        _ => null,
    };

    /// <inheritdoc/>
    public bool Equals(DurationBinary? other) =>
        ReferenceEquals(this, other) || (other is not null && Op == other.Op && Left.Equals(other.Left) && Right.Equals(other.Right));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(DurationBinary), Op, Left, Right);
}

/// <summary>A parenthesised duration: <c>(5m + 1m)</c>.</summary>
/// <param name="Inner">The enclosed duration.</param>
public sealed record DurationParen(DurationExpr Inner) : DurationExpr
{
    /// <inheritdoc/>
    public override double? ConstantSeconds => Inner.ConstantSeconds;

    /// <inheritdoc/>
    public bool Equals(DurationParen? other) =>
        ReferenceEquals(this, other) || (other is not null && Inner.Equals(other.Inner));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(DurationParen), Inner);
}

/// <summary>A duration function: <c>step()</c>, <c>range()</c>, <c>min_of(a, b)</c>, <c>max_of(a, b)</c>.</summary>
/// <param name="Function">The lowercase function name.</param>
/// <param name="Args">The arguments (none for <c>step()</c> and <c>range()</c>).</param>
public sealed record DurationCall(string Function, ImmutableArray<DurationExpr> Args) : DurationExpr
{
    /// <inheritdoc/>
    public override double? ConstantSeconds
    {
        get
        {
            if (Args.Length != 2 || Args[0].ConstantSeconds is not { } a || Args[1].ConstantSeconds is not { } b) return null;
            return Function == "min_of" ? Math.Min(a, b) : Math.Max(a, b);
        }
    }

    /// <inheritdoc/>
    public bool Equals(DurationCall? other) =>
        ReferenceEquals(this, other) || (other is not null && Function == other.Function && NodeEquality.ListEqual(Args, other.Args));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(DurationCall), Function, NodeEquality.ListHash(Args));
}
