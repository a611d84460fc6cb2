using System.Runtime.CompilerServices;
using Hesione.PromQL.Ast;
using Hesione.Server.Configuration;

namespace Hesione.Server.Enforcement;

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

    /// <summary>
    /// An upper bound of the lookback read off the canonical text of a query without parsing it: the sum of every
    /// range and subquery window (<c>[5m]</c>, <c>[1h:1m]</c>) and every positive offset (<c> offset 1h</c>), which is
    /// at least the longest path's. False when some bracket or offset is not a plain duration (a duration expression,
    /// a <c>[</c> inside a string): then only the parsed query can tell. Every range and offset of the query is
    /// in its canonical text in one of these forms, so none is missed; a string that looks like one only raises the bound.
    /// </summary>
    public static bool TryBound(string canonical, out double seconds)
    {
        seconds = 0;
        for (var open = canonical.IndexOf('['); open >= 0; open = canonical.IndexOf('[', open + 1))
        {
            var close = canonical.IndexOf(']', open + 1);
            if (close < 0) return false;
            var inside = canonical.AsSpan(open + 1, close - open - 1);
            var colon = inside.IndexOf(':');
            if (colon >= 0 && !(colon == inside.Length - 1 || IsPlainDuration(inside[(colon + 1)..], out _))) return false;
            if (!IsPlainDuration(colon >= 0 ? inside[..colon] : inside, out var range)) return false;
            seconds += range;
        }
        const string Offset = " offset ";
        for (var at = canonical.IndexOf(Offset, StringComparison.Ordinal); at >= 0; at = canonical.IndexOf(Offset, at + 1, StringComparison.Ordinal))
        {
            var start = at + Offset.Length;
            var negative = start < canonical.Length && canonical[start] == '-';
            var end = negative ? start + 1 : start;
            while (end < canonical.Length && char.IsAsciiLetterOrDigit(canonical[end])) end++;
            if (!IsPlainDuration(canonical.AsSpan(negative ? start + 1 : start, end - start - (negative ? 1 : 0)), out var offset)) return false;
            // A duration expression (offset 5m + 1m) would go on with an operator: leave it to the parser.
            var next = canonical.AsSpan(end).TrimStart(' ');
            if (next.Length > 0 && "+-*/%^(".Contains(next[0])) return false;
            if (!negative) seconds += offset;
        }
        return true;
    }

    private static bool IsPlainDuration(ReadOnlySpan<char> text, out double seconds)
    {
        seconds = 0;
        if (text.IsEmpty || !PromDuration.TryParse(text.ToString(), out var duration)) return false;
        seconds = duration.TotalSeconds;
        return true;
    }

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
