using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Hesione.PromQL.Ast;

/// <summary>
/// Rebuilds a tree bottom-up, as Roslyn's rewriters do: each <c>Visit</c> method rewrites the children
/// and returns the same instance when nothing changed, so an unchanged tree comes back by reference.
/// Override a <c>Visit</c> method to replace nodes of that kind. Deep trees may throw
/// <see cref="InsufficientExecutionStackException"/> rather than overflow the stack.
/// </summary>
public abstract class ExprRewriter : ExprVisitor<Expr>
{
    /// <inheritdoc/>
    public override Expr Visit(Expr node)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return node.Accept(this);
    }

    /// <summary>Leaves nodes without children as they are.</summary>
    protected override Expr DefaultVisit(Expr node) => node;

    /// <inheritdoc/>
    public override Expr VisitMatrixSelector(MatrixSelector node) =>
        Visit(node.Selector) is VectorSelector selector
            ? node.Update(selector)
            : throw new InvalidOperationException("a matrix selector's selector must remain a vector selector");

    /// <inheritdoc/>
    public override Expr VisitSubqueryExpr(SubqueryExpr node) => node.Update(Visit(node.Expr));

    /// <inheritdoc/>
    public override Expr VisitParenExpr(ParenExpr node) => node.Update(Visit(node.Expr));

    /// <inheritdoc/>
    public override Expr VisitUnaryExpr(UnaryExpr node) => node.Update(Visit(node.Expr));

    /// <inheritdoc/>
    public override Expr VisitBinaryExpr(BinaryExpr node) => node.Update(Visit(node.Left), Visit(node.Right));

    /// <inheritdoc/>
    public override Expr VisitAggregateExpr(AggregateExpr node) =>
        node.Update(node.Param is null ? null : Visit(node.Param), Visit(node.Expr));

    /// <inheritdoc/>
    public override Expr VisitCall(Call node)
    {
        ImmutableArray<Expr>.Builder? changed = null;
        for (var i = 0; i < node.Args.Length; i++)
        {
            var arg = node.Args[i];
            var rewritten = Visit(arg);
            if (changed is null && !ReferenceEquals(rewritten, arg))
            {
                changed = ImmutableArray.CreateBuilder<Expr>(node.Args.Length);
                for (var j = 0; j < i; j++) changed.Add(node.Args[j]);
            }
            changed?.Add(rewritten);
        }
        return changed is null ? node : node.Update(changed.MoveToImmutable());
    }
}
