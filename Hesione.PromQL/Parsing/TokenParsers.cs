using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Lexing;
using Pidgin;
using static Pidgin.Parser;

namespace Hesione.PromQL.Parsing;

/// <summary>Parsers for single tokens and the small shared pieces of the grammar (grouping label lists).</summary>
internal static class TokenParsers
{
    public static Parser<Token, Token> Tok(TokenKind kind) => FastParsers.Kind(Keywords.Spelling(kind) is { } s ? $"\"{s}\"" : kind.ToString(), kind);

    public static readonly Parser<Token, Token> LParen = FastParsers.Kind("\"(\"", TokenKind.LeftParen);
    public static readonly Parser<Token, Token> RParen = FastParsers.Kind("\")\"", TokenKind.RightParen);
    public static readonly Parser<Token, Token> LBrace = FastParsers.Kind("\"{\"", TokenKind.LeftBrace);
    public static readonly Parser<Token, Token> RBrace = FastParsers.Kind("\"}\"", TokenKind.RightBrace);
    public static readonly Parser<Token, Token> LBracket = FastParsers.Kind("\"[\"", TokenKind.LeftBracket);
    public static readonly Parser<Token, Token> RBracket = FastParsers.Kind("\"]\"", TokenKind.RightBracket);
    public static readonly Parser<Token, Token> Comma = FastParsers.Kind("\",\"", TokenKind.Comma);
    public static readonly Parser<Token, Token> Colon = FastParsers.Kind("\":\"", TokenKind.Colon);
    public static readonly Parser<Token, Token> StringToken = FastParsers.Kind("string", TokenKind.String);
    public static readonly Parser<Token, Token> NumberOrDuration =
        FastParsers.Kind("number or duration", TokenKind.Number, TokenKind.Duration);
    public static readonly Parser<Token, Token> Sign =
        FastParsers.Kind("\"+\" or \"-\"", TokenKinds.Of(BinaryOp.Add), TokenKinds.Of(BinaryOp.Sub));

    /// <summary><c>()</c> after <c>start</c>, <c>end</c>, <c>step</c>, <c>range</c>.</summary>
    public static readonly Parser<Token, Token> EmptyParens = LParen.Then(RParen);

    /// <summary>A label name in a grouping list: an identifier, any keyword, or a quoted UTF-8 name.</summary>
    public static readonly Parser<Token, string> GroupingLabel =
        Parser<Token>.Token(t => t.Kind is TokenKind.Identifier or TokenKind.MetricIdentifier or TokenKind.String || t.IsKeyword)
            .Select(t =>
            {
                if (t.Kind == TokenKind.MetricIdentifier)
                    throw new ParseFailure(t.ByteStart, $"unexpected {t.Describe()} in grouping opts, expected label");
                return t.Text;
            })
            .Labelled("label");

    /// <summary><c>(a, b, c)</c> with an optional trailing comma, or <c>()</c>.</summary>
    public static readonly Parser<Token, ImmutableArray<string>> GroupingLabels =
        GroupingLabel.SeparatedAndOptionallyTerminated(Comma)
            .Between(LParen, RParen)
            .Select(labels => labels.ToImmutableArray())
            .Labelled("grouping labels");

    /// <summary>A number for <c>@</c> or fill values: an optional sign then a number or duration.</summary>
    public static readonly Parser<Token, (Token First, double Value)> SignedNumber =
        Map((sign, number) =>
            {
                var value = Literals.NumberValue(number);
                var negative = sign.HasValue && sign.Value.Kind.Operator() == BinaryOp.Sub;
                return (sign.HasValue ? sign.Value : number, negative ? -value : value);
            },
            Sign.Optional(),
            NumberOrDuration);
}
