using System.Runtime.CompilerServices;

namespace Hesione.PromQL.Ast;

/// <summary>
/// Visits every node of a tree, parents before children and children in source order, as Roslyn's
/// <c>CSharpSyntaxWalker</c> does. Override a <c>Visit</c> method to act on one node kind, and call the base method
/// to keep walking below it (or leave it out to skip that subtree). Deep trees may throw
/// <see cref="InsufficientExecutionStackException"/> rather than overflow the stack; trees from
/// <see cref="Parsing.PromQLParser"/> are bounded by its depth limit and never do.
/// </summary>
/// <example>
/// <code>
/// sealed class MetricNames : ExprWalker
/// {
///     public List&lt;string&gt; Names { get; } = [];
///     public override void VisitVectorSelector(VectorSelector node) { if (node.Name is { } name) Names.Add(name); }
/// }
/// </code>
/// </example>
public abstract class ExprWalker
{
    /// <summary>Dispatches on the node's type to the matching <c>Visit</c> method.</summary>
    public virtual void Visit(Expr node)
    {
        ArgumentNullException.ThrowIfNull(node);
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case NumberLiteral n: VisitNumberLiteral(n); break;
            case StringLiteral s: VisitStringLiteral(s); break;
            case VectorSelector vs: VisitVectorSelector(vs); break;
            case MatrixSelector ms: VisitMatrixSelector(ms); break;
            case SubqueryExpr sq: VisitSubqueryExpr(sq); break;
            case ParenExpr p: VisitParenExpr(p); break;
            case UnaryExpr u: VisitUnaryExpr(u); break;
            case BinaryExpr b: VisitBinaryExpr(b); break;
            case AggregateExpr a: VisitAggregateExpr(a); break;
            case Call c: VisitCall(c); break;
            default: DefaultVisit(node); break;
        }
    }

    /// <summary>What every <c>Visit</c> method does unless overridden: visit the node's <see cref="Expr.Children"/>.</summary>
    protected virtual void DefaultVisit(Expr node)
    {
        foreach (var child in node.Children) Visit(child);
    }

    /// <summary>Visits a <see cref="NumberLiteral"/> (no children).</summary>
    public virtual void VisitNumberLiteral(NumberLiteral node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="StringLiteral"/> (no children).</summary>
    public virtual void VisitStringLiteral(StringLiteral node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="VectorSelector"/> (no children).</summary>
    public virtual void VisitVectorSelector(VectorSelector node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="MatrixSelector"/>, then its <see cref="MatrixSelector.Selector"/>.</summary>
    public virtual void VisitMatrixSelector(MatrixSelector node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="SubqueryExpr"/>, then its expression.</summary>
    public virtual void VisitSubqueryExpr(SubqueryExpr node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="ParenExpr"/>, then its expression.</summary>
    public virtual void VisitParenExpr(ParenExpr node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="UnaryExpr"/>, then its operand.</summary>
    public virtual void VisitUnaryExpr(UnaryExpr node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="BinaryExpr"/>, then its left and right operands.</summary>
    public virtual void VisitBinaryExpr(BinaryExpr node) => DefaultVisit(node);

    /// <summary>Visits an <see cref="AggregateExpr"/>, then its parameter (if any) and its expression.</summary>
    public virtual void VisitAggregateExpr(AggregateExpr node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="Call"/>, then its arguments.</summary>
    public virtual void VisitCall(Call node) => DefaultVisit(node);
}
