using System.Runtime.CompilerServices;
using Hesione.PromQL.Ast;

namespace Hesione.Server.Proxy;

/// <summary>
/// How far back before its evaluation time a query reads, in seconds: along each path from the root to a selector,
/// the ranges and offsets of the subqueries on the way plus the selector's own range and offset; the longest path
/// counts. A negative offset (which looks later, not further back) counts as 0; the <c>@</c> modifier moves the window
/// without widening it and is not counted, nor is the backend's instant-vector lookback delta. Duration expressions
/// are evaluated with the request's <c>step()</c> and <c>range()</c>; one that cannot be evaluated counts as infinite.
/// </summary>
internal sealed class QueryLookback : ExprVisitor<double>
{
    private readonly double _stepSeconds;
    private readonly double _rangeSeconds;

    private QueryLookback(double stepSeconds, double rangeSeconds)
    {
        _stepSeconds = stepSeconds;
        _rangeSeconds = rangeSeconds;
    }

    /// <summary>The lookback of <paramref name="query"/> for a request with this step and range (both 0 for an instant query).</summary>
    public static double Seconds(Expr query, double stepSeconds, double rangeSeconds) => new QueryLookback(stepSeconds, rangeSeconds).Visit(query);

    public override double Visit(Expr node)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return node.Accept(this);
    }

    protected override double DefaultVisit(Expr node)
    {
        var longest = 0.0;
        foreach (var child in node.Children) longest = Math.Max(longest, Visit(child));
        return longest;
    }

    public override double VisitVectorSelector(VectorSelector node) => Offset(node.Offset);

    public override double VisitMatrixSelector(MatrixSelector node) => Evaluate(node.Range) + Offset(node.Selector.Offset);

    public override double VisitSubqueryExpr(SubqueryExpr node) => Evaluate(node.Range) + Offset(node.Offset) + Visit(node.Expr);

    private double Offset(DurationExpr? offset) => offset is null ? 0 : Math.Max(0, Evaluate(offset));

    private double Evaluate(DurationExpr duration)
    {
        var seconds = Value(duration);
        return double.IsNaN(seconds) ? double.PositiveInfinity : seconds;
    }

    private double Value(DurationExpr duration) => duration switch
    {
        DurationLiteral literal => literal.Seconds,
        DurationParen paren => Value(paren.Inner),
        DurationUnary unary => unary.Negate ? -Value(unary.Operand) : Value(unary.Operand),
        DurationBinary binary => DurationBinary.Apply(binary.Op, Value(binary.Left), Value(binary.Right)) ?? double.PositiveInfinity,
        DurationCall { Function: "step", Args.Length: 0 } => _stepSeconds,
        DurationCall { Function: "range", Args.Length: 0 } => _rangeSeconds,
        DurationCall { Function: "min_of", Args.Length: 2 } call => Math.Min(Value(call.Args[0]), Value(call.Args[1])),
        DurationCall { Function: "max_of", Args.Length: 2 } call => Math.Max(Value(call.Args[0]), Value(call.Args[1])),
        _ => double.PositiveInfinity,
    };
}
