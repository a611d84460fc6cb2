using System.Globalization;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Lexing;

namespace Hesione.PromQL.Parsing;

/// <summary>Applies postfix modifiers (range, subquery, offset, @, anchored, smoothed) with Prometheus's placement rules.</summary>
internal static class Modifiers
{
    private const string OffsetTargets = "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery";
    private const string AtTargets = "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery";

    public static Expr Range(Expr operand, Token open, DurationExpr range, Token close)
    {
        if (operand is not VectorSelector selector)
            throw new ParseFailure(open.ByteStart, "ranges only allowed for vector selectors");
        if (selector.Offset is not null)
            throw new ParseFailure(open.ByteStart, "no offset modifiers allowed before range");
        if (selector.At is not null)
            throw new ParseFailure(open.ByteStart, "no @ modifiers allowed before range");
        if (selector.Anchored || selector.Smoothed)
            throw new ParseFailure(open.ByteStart, $"no {(selector.Anchored ? "anchored" : "smoothed")} modifiers allowed before range");
        RequirePositive(range);
        return new MatrixSelector(selector, Normalize(range)) { Position = new PositionRange(selector.Position.Start, close.ByteEnd) };
    }

    public static Expr Subquery(Expr operand, Token open, DurationExpr range, DurationExpr? step, Token close)
    {
        RequirePositive(range);
        if (step is not null) RequirePositive(step);
        return new SubqueryExpr(operand, Normalize(range), step is null ? null : Normalize(step)) { Position = new PositionRange(operand.Position.Start, close.ByteEnd) };
    }

    public static Expr Offset(Expr operand, Token keyword, DurationExpr offset)
    {
        offset = Normalize(offset);
        var position = new PositionRange(operand.Position.Start, Math.Max(operand.Position.End, offset.Position.End));
        switch (operand)
        {
            case VectorSelector vs:
                if (vs.Offset is not null) throw new ParseFailure(operand.Position.Start, "offset may not be set multiple times");
                return vs with { Offset = offset, Position = position };
            case MatrixSelector ms:
                if (ms.Selector.Offset is not null) throw new ParseFailure(operand.Position.Start, "offset may not be set multiple times");
                return ms with { Selector = ms.Selector with { Offset = offset }, Position = position };
            case SubqueryExpr sq:
                if (sq.Offset is not null) throw new ParseFailure(operand.Position.Start, "offset may not be set multiple times");
                return sq with { Offset = offset, Position = position };
            default:
                throw new ParseFailure(operand.Position.Start, OffsetTargets);
        }
    }

    /// <summary>Applies <c>@ seconds</c> (when <paramref name="kind"/> is <see cref="AtKind.Timestamp"/>), <c>@ start()</c> or <c>@ end()</c>.</summary>
    public static Expr At(Expr operand, Token at, AtKind kind, double seconds)
    {
        if (kind == AtKind.Timestamp
            && (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds >= long.MaxValue / 1000.0 || seconds <= long.MinValue / 1000.0))
            throw new ParseFailure(operand.Position.Start, "timestamp out of bounds for @ modifier: " + FormatGoF(seconds));
        var modifier = new AtModifier(kind, kind == AtKind.Timestamp ? (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero) : 0);
        var position = new PositionRange(operand.Position.Start, Math.Max(operand.Position.End, at.ByteEnd));
        const string twice = "@ <timestamp> may not be set multiple times";
        switch (operand)
        {
            case VectorSelector vs:
                if (vs.At is not null) throw new ParseFailure(operand.Position.Start, twice);
                return vs with { At = modifier, Position = position };
            case MatrixSelector ms:
                if (ms.Selector.At is not null) throw new ParseFailure(operand.Position.Start, twice);
                return ms with { Selector = ms.Selector with { At = modifier }, Position = position };
            case SubqueryExpr sq:
                if (sq.At is not null) throw new ParseFailure(operand.Position.Start, twice);
                return sq with { At = modifier, Position = position };
            default:
                throw new ParseFailure(operand.Position.Start, AtTargets);
        }
    }

    public static Expr Behaviour(Expr operand, Token keyword)
    {
        var anchored = keyword.Kind == TokenKind.Anchored;
        var name = anchored ? "anchored" : "smoothed";
        var position = new PositionRange(operand.Position.Start, Math.Max(operand.Position.End, keyword.ByteEnd));
        var selector = operand switch
        {
            VectorSelector vs => vs,
            MatrixSelector ms => ms.Selector,
            _ => throw new ParseFailure(keyword.ByteStart, $"{name} modifier must be preceded by an instant vector selector or range vector selector"),
        };
        if (selector.Anchored || selector.Smoothed)
            throw new ParseFailure(keyword.ByteStart, selector.Anchored == anchored
                ? $"{name} may not be set multiple times"
                : "anchored and smoothed modifiers cannot be used together");
        var changed = anchored ? selector with { Anchored = true } : selector with { Smoothed = true };
        return operand is MatrixSelector matrix
            ? matrix with { Selector = changed, Position = position }
            : changed with { Position = position };
    }

    /// <summary>
    /// A lone literal range, step or offset is a duration in whole milliseconds (Prometheus rounds
    /// <c>[4.0185]</c> to 4s19ms), so it is kept as such and prints as a duration.
    /// </summary>
    private static DurationExpr Normalize(DurationExpr duration) =>
        duration is DurationLiteral literal
            ? literal with { Seconds = Math.Round(literal.Seconds * 1000, MidpointRounding.AwayFromZero) / 1000, IsDuration = true }
            : duration;

    private static void RequirePositive(DurationExpr duration)
    {
        if (DurationGrammar.IsLiteral(duration) && duration.ConstantSeconds is <= 0)
            throw new ParseFailure(duration.Position.Start, "duration must be greater than 0");
    }

    /// <summary>Go's <c>%f</c> for the out-of-bounds message.</summary>
    private static string FormatGoF(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf"
            : value.ToString("F6", CultureInfo.InvariantCulture);
}
