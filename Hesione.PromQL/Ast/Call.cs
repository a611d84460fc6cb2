using System.Collections.Immutable;
using Hesione.PromQL.Functions;

namespace Hesione.PromQL.Ast;

/// <summary>A function call such as <c>rate(x[5m])</c>.</summary>
/// <param name="Function">The called function, from <see cref="FunctionTable"/>.</param>
/// <param name="Args">The arguments.</param>
public sealed record Call(PromQLFunction Function, ImmutableArray<Expr> Args) : Expr
{
    /// <inheritdoc/>
    public override ValueType Type => Function.ReturnType;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(ExprVisitor<TResult> visitor) => visitor.VisitCall(this);

    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => Args;

    /// <summary>This node with other arguments; the same instance when every argument is the same.</summary>
    public Call Update(ImmutableArray<Expr> args)
    {
        if (args.Length == Args.Length)
        {
            var same = true;
            for (var i = 0; i < args.Length && same; i++) same = ReferenceEquals(args[i], Args[i]);
            if (same) return this;
        }
        return this with { Args = args };
    }

    /// <inheritdoc/>
    public bool Equals(Call? other) =>
        ReferenceEquals(this, other) || (other is not null && Function.Name == other.Function.Name && NodeEquality.ListEqual(Args, other.Args));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(Call), Function.Name, NodeEquality.ListHash(Args));
}
