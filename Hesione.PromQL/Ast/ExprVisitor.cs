namespace Hesione.PromQL.Ast;

/// <summary>
/// Visits expression nodes by type. Each <c>Visit</c> method defaults to <see cref="DefaultVisit"/>,
/// so a subclass overrides only the node kinds it cares about.
/// </summary>
/// <typeparam name="TResult">What a visit returns.</typeparam>
public abstract class ExprVisitor<TResult>
{
    /// <summary>Dispatches on the node's type.</summary>
    public virtual TResult Visit(Expr node) => node.Accept(this);

    /// <summary>What every <c>Visit</c> method returns unless overridden.</summary>
    protected abstract TResult DefaultVisit(Expr node);

    /// <summary>Visits a <see cref="NumberLiteral"/>.</summary>
    public virtual TResult VisitNumberLiteral(NumberLiteral node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="StringLiteral"/>.</summary>
    public virtual TResult VisitStringLiteral(StringLiteral node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="VectorSelector"/>.</summary>
    public virtual TResult VisitVectorSelector(VectorSelector node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="MatrixSelector"/>.</summary>
    public virtual TResult VisitMatrixSelector(MatrixSelector node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="SubqueryExpr"/>.</summary>
    public virtual TResult VisitSubqueryExpr(SubqueryExpr node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="ParenExpr"/>.</summary>
    public virtual TResult VisitParenExpr(ParenExpr node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="UnaryExpr"/>.</summary>
    public virtual TResult VisitUnaryExpr(UnaryExpr node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="BinaryExpr"/>.</summary>
    public virtual TResult VisitBinaryExpr(BinaryExpr node) => DefaultVisit(node);

    /// <summary>Visits an <see cref="AggregateExpr"/>.</summary>
    public virtual TResult VisitAggregateExpr(AggregateExpr node) => DefaultVisit(node);

    /// <summary>Visits a <see cref="Call"/>.</summary>
    public virtual TResult VisitCall(Call node) => DefaultVisit(node);
}
