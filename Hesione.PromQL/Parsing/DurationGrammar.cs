using Hesione.PromQL.Ast;
using Hesione.PromQL.Lexing;
using Pidgin;
using static Hesione.PromQL.Parsing.TokenParsers;
using static Pidgin.Parser;

namespace Hesione.PromQL.Parsing;

/// <summary>
/// Durations in ranges, subquery steps and offsets: literals and, with duration expressions,
/// <c>+ - * / % ^</c>, parentheses, <c>step()</c>, <c>range()</c>, <c>min_of(a, b)</c>, <c>max_of(a, b)</c>.
/// </summary>
internal static class DurationGrammar
{
    private static readonly Parser<Token, DurationExpr> Recursive =
        new StackGuard<Token, DurationExpr>(Rec(() => Expression!));

    private static readonly Parser<Token, DurationExpr> Literal =
        NumberOrDuration.Select(t => CheckRange(new DurationLiteral(Literals.NumberValue(t), t.Kind == TokenKind.Duration)
        {
            Position = new PositionRange(t.ByteStart, t.ByteEnd),
        }));

    private static readonly Parser<Token, DurationExpr> StepOrRange =
        Map((name, close) => (DurationExpr)new DurationCall(name.Kind == TokenKind.Step ? "step" : "range", [])
            {
                Position = new PositionRange(name.ByteStart, close.ByteEnd),
            },
            Parser<Token>.Token(t => t.Kind is TokenKind.Step or TokenKind.Range),
            LParen.Then(RParen));

    private static readonly Parser<Token, DurationExpr> MinOrMaxOf =
        Map((name, _, a, _, b, close) => (DurationExpr)new DurationCall(name.Text.ToLowerInvariant(), [a, b])
            {
                Position = new PositionRange(name.ByteStart, close.ByteEnd),
            },
            Parser<Token>.Token(t => t.Kind == TokenKind.Identifier
                && (t.Text.Equals("min_of", StringComparison.OrdinalIgnoreCase) || t.Text.Equals("max_of", StringComparison.OrdinalIgnoreCase))),
            LParen, Recursive, Comma, Recursive, RParen);

    private static readonly Parser<Token, DurationExpr> Parenthesised =
        Map((open, inner, close) => (DurationExpr)new DurationParen(inner) { Position = new PositionRange(open.ByteStart, close.ByteEnd) },
            LParen, Recursive, RParen);

    private static readonly Parser<Token, DurationExpr> Atom =
        OneOf(Literal, StepOrRange, MinOrMaxOf, Parenthesised).Labelled("number, duration, step(), or range()");

    private static readonly Parser<Token, DurationExpr> Unary =
        new StackGuard<Token, DurationExpr>(Rec(() => UnaryRule!));

    private static readonly Parser<Token, DurationExpr> Power =
        Map((atom, exponent) => exponent.HasValue ? Binary(atom, BinaryOp.Pow, exponent.Value.Item1, exponent.Value.Item2) : atom,
            Atom,
            Map((op, right) => (op, right), Tok(TokenKinds.Of(BinaryOp.Pow)), Unary).Optional());

    private static readonly Parser<Token, DurationExpr> UnaryRule =
        Map((signs, operand) => ApplySigns(signs, operand), Sign.Many(), Power);

    private static readonly Parser<Token, DurationExpr> Multiplicative =
        Chains.LeftAssociative(Unary,
            Parser<Token>.Token(t => t.Kind.Operator() is BinaryOp.Mul or BinaryOp.Div or BinaryOp.Mod),
            (left, op, right) => Binary(left, op.Kind.ToBinaryOp(), op, right));

    /// <summary>A full duration expression.</summary>
    public static readonly Parser<Token, DurationExpr> Expression =
        Chains.LeftAssociative(Multiplicative,
            Parser<Token>.Token(t => t.Kind.IsSign()),
            (left, op, right) => Binary(left, op.Kind.ToBinaryOp(), op, right));

    /// <summary>The restricted form after <c>offset</c>: an optionally signed literal, function or parenthesised expression, so that <c>foo offset 5m - 1</c> subtracts from the vector.</summary>
    public static readonly Parser<Token, DurationExpr> Offset =
        Map((sign, atom) => sign.HasValue ? ApplySigns([sign.Value], atom) : atom, Sign.Optional(), Atom);

    private static DurationExpr Binary(DurationExpr left, BinaryOp op, Token opToken, DurationExpr right)
    {
        if (op is BinaryOp.Div or BinaryOp.Mod && IsLiteral(right) && right.ConstantSeconds == 0)
            throw new ParseFailure(opToken.ByteStart, op == BinaryOp.Div ? "division by zero" : "modulo by zero");
        return new DurationBinary(op, left, right) { Position = PositionRange.Cover(left.Position, right.Position) };
    }

    /// <summary>Signs before a duration: a literal takes them into its value, <c>-</c> before anything else is a <see cref="DurationUnary"/>, <c>+</c> is dropped.</summary>
    private static DurationExpr ApplySigns(IEnumerable<Token> signs, DurationExpr operand) =>
        Operators.ApplySigns(signs, operand, static duration => duration.Position.End,
            static (duration, negate, position) => duration is DurationLiteral literal
                ? CheckRange(literal with { Seconds = negate ? -literal.Seconds : literal.Seconds, Position = position })
                : negate ? new DurationUnary(true, duration) { Position = position } : duration);

    private static DurationExpr CheckRange(DurationLiteral literal)
    {
        if (literal.Seconds is > NumberSyntax.MaxDurationSeconds or < -NumberSyntax.MaxDurationSeconds)
            throw new ParseFailure(literal.Position.Start, "duration out of range");
        return literal;
    }

    /// <summary>A literal possibly wrapped in parentheses or signs: what Prometheus folds into a number.</summary>
    public static bool IsLiteral(DurationExpr duration) => duration switch
    {
        DurationLiteral => true,
        DurationParen p => IsLiteral(p.Inner),
        DurationUnary u => IsLiteral(u.Operand),
        _ => false,
    };
}
