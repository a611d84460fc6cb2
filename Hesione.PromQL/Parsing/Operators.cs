using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Lexing;
using Pidgin;
using static Hesione.PromQL.Parsing.TokenParsers;
using static Pidgin.Parser;

namespace Hesione.PromQL.Parsing;

/// <summary>A binary operator as written, with its modifiers (<c>bool</c>, <c>on</c>/<c>ignoring</c>, <c>group_left</c>/<c>group_right</c>, fill).</summary>
internal sealed record BinaryOperatorSyntax(Token Token, BinaryOp Op, bool ReturnBool, VectorMatching? Matching);

/// <summary>Parsers and builders for unary and binary operators.</summary>
internal static class Operators
{
    private static readonly Parser<Token, (Token Keyword, ImmutableArray<string> Labels)> GroupSide =
        Map((keyword, labels) => (keyword, labels.HasValue ? labels.Value : ImmutableArray<string>.Empty),
            Parser<Token>.Token(t => t.Kind is TokenKind.GroupLeft or TokenKind.GroupRight), GroupingLabels.Optional());

    private static readonly Parser<Token, VectorMatching> OnOrIgnoring =
        Map((keyword, labels, group) =>
            {
                var card = !group.HasValue ? Cardinality.OneToOne
                    : group.Value.Keyword.Kind == TokenKind.GroupLeft ? Cardinality.ManyToOne : Cardinality.OneToMany;
                return new VectorMatching(card, labels, keyword.Kind == TokenKind.On, group.HasValue ? group.Value.Labels : []);
            },
            Parser<Token>.Token(t => t.Kind is TokenKind.On or TokenKind.Ignoring), GroupingLabels, GroupSide.Optional());

    private static readonly Parser<Token, double> FillValue =
        SignedNumber.Select(n => n.Value).Between(LParen, RParen);

    private static readonly Parser<Token, (double? Left, double? Right)> Fill =
        Try(OneOf(
            Map((_, value) => ((double?)value, (double?)value), Tok(TokenKind.Fill), FillValue),
            Map((_, left, right) => ((double?)left, right.HasValue ? (double?)right.Value : null),
                Tok(TokenKind.FillLeft), FillValue, Tok(TokenKind.FillRight).Then(FillValue).Optional()),
            Map((_, right, left) => (left.HasValue ? (double?)left.Value : null, (double?)right),
                Tok(TokenKind.FillRight), FillValue, Tok(TokenKind.FillLeft).Then(FillValue).Optional())));

    /// <summary>One of <paramref name="ops"/> followed by its optional modifiers.</summary>
    public static Parser<Token, BinaryOperatorSyntax> OperatorWithModifiers(params BinaryOp[] ops) =>
        Map((op, boolToken, matching, fill) =>
            {
                var binaryOp = op.Kind.ToBinaryOp();
                VectorMatching? result = matching.HasValue ? matching.Value : null;
                if (fill.HasValue)
                    result = (result ?? VectorMatching.Default) with { FillLeft = fill.Value.Left, FillRight = fill.Value.Right };
                if (binaryOp.IsSetOperator())
                {
                    result ??= VectorMatching.Default;
                    if (result.Card == Cardinality.OneToOne) result = result with { Card = Cardinality.ManyToMany };
                }
                return new BinaryOperatorSyntax(op, binaryOp, boolToken.HasValue, result);
            },
            FastParsers.Kind("operator", [.. ops.Select(TokenKinds.Of)]),
            Tok(TokenKind.Bool).Optional(),
            OnOrIgnoring.Optional(),
            Fill.Optional());

    public static Expr Binary(Expr left, BinaryOperatorSyntax op, Expr right) =>
        new BinaryExpr(op.Op, left, right, op.Matching, op.ReturnBool)
        {
            Position = PositionRange.Cover(left.Position, right.Position),
        };

    /// <summary>Signs before an operand: a number takes them into its value, anything else becomes a <see cref="UnaryExpr"/>.</summary>
    public static Expr ApplySigns(IEnumerable<Token> signs, Expr operand) =>
        ApplySigns(signs, operand, static expr => expr.Position.End,
            static (expr, negate, position) => expr is NumberLiteral number
                ? number with { Value = negate ? -number.Value : number.Value, Position = position }
                : new UnaryExpr(negate, expr) { Position = position });

    /// <summary>
    /// Applies <paramref name="signs"/> to <paramref name="operand"/>, the sign nearest the operand first: each step
    /// gets whether the sign is <c>-</c> and the span from the sign to the end of the operand (<paramref name="end"/>).
    /// </summary>
    public static T ApplySigns<T>(IEnumerable<Token> signs, T operand, Func<T, int> end, Func<T, bool, PositionRange, T> apply)
    {
        var list = signs as IList<Token> ?? signs.ToList();
        var result = operand;
        for (var i = list.Count - 1; i >= 0; i--)
            result = apply(result, list[i].Kind.Operator() == BinaryOp.Sub, new PositionRange(list[i].ByteStart, end(result)));
        return result;
    }
}
