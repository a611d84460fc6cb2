using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Functions;
using Hesione.PromQL.Lexing;
using Pidgin;
using static Hesione.PromQL.Parsing.TokenParsers;
using static Pidgin.Parser;

namespace Hesione.PromQL.Parsing;

/// <summary>
/// PromQL expressions: literals, selectors, calls, aggregations, parentheses, postfix modifiers
/// (ranges, subqueries, offset, @, anchored, smoothed), unary signs and the binary operator levels
/// from <c>^</c> (tightest, right-associative) to <c>or</c>.
/// </summary>
internal static class ExpressionGrammar
{
    private static readonly Parser<Token, Expr> Recursive = new StackGuard<Token, Expr>(Rec(() => Expression!));

    // ---- Literals and parentheses -------------------------------------------------------------

    private static readonly Parser<Token, Expr> NumberLit =
        NumberOrDuration.Select(t => (Expr)new NumberLiteral(Literals.NumberValue(t), t.Kind == TokenKind.Duration)
        {
            Position = new PositionRange(t.ByteStart, t.ByteEnd),
        });

    private static readonly Parser<Token, Expr> StringLit =
        StringToken.Select(t => (Expr)new StringLiteral(t.Text) { Position = new PositionRange(t.ByteStart, t.ByteEnd) });

    private static readonly Parser<Token, Expr> Parenthesised =
        Map((open, inner, close) => (Expr)new ParenExpr(inner) { Position = new PositionRange(open.ByteStart, close.ByteEnd) },
            LParen, Recursive, RParen);

    // ---- Calls and aggregations ---------------------------------------------------------------

    private static readonly Parser<Token, Expr> ArgumentAfterComma =
        OneOf(
            Lookahead(RParen).Select<Expr>(t => throw new ParseFailure(t.ByteStart, "trailing commas not allowed in function call args")),
            Recursive);

    /// <summary><c>(a, b, c)</c>: the arguments and the closing parenthesis.</summary>
    private static readonly Parser<Token, (ImmutableArray<Expr> Args, Token Close)> Arguments =
        Map((_, first, rest, close) =>
            {
                if (!first.HasValue) return (ImmutableArray<Expr>.Empty, close);
                var builder = ImmutableArray.CreateBuilder<Expr>();
                builder.Add(first.Value);
                builder.AddRange(rest);
                return (builder.ToImmutable(), close);
            },
            LParen, Recursive.Optional(), Comma.Then(ArgumentAfterComma).Many(), RParen);

    private static readonly Parser<Token, (bool Without, ImmutableArray<string> Labels)> AggregationModifier =
        Map((keyword, labels) => (keyword.Kind == TokenKind.Without, labels),
            Parser<Token>.Token(t => t.Kind is TokenKind.By or TokenKind.Without), GroupingLabels);

    private static readonly Parser<Token, VectorSelectorTail> SelectorTail =
        SelectorGrammar.Braces.Optional().Select(b => new VectorSelectorTail(b.HasValue ? b.Value.Matchers : [], b.HasValue ? b.Value.End : -1));

    /// <summary>What follows an aggregator keyword: an aggregation, or nothing/braces when the keyword is a metric name.</summary>
    private static readonly Parser<Token, Func<Token, Expr>> AggregatorTail =
        OneOf(
            Map((modifier, args) => (Func<Token, Expr>)(head => Aggregation(head, modifier, args)), AggregationModifier, Arguments),
            Map((args, modifier) => (Func<Token, Expr>)(head => Aggregation(head, modifier.HasValue ? modifier.Value : (false, []), args)),
                Arguments, AggregationModifier.Optional()),
            SelectorTail.Select(tail => (Func<Token, Expr>)(head => tail.Build(head))));

    /// <summary>What follows an identifier (or start/end/step/range): a call, or a selector.</summary>
    private static readonly Parser<Token, Func<Token, Expr>> NameTail =
        OneOf(
            Arguments.Select(args => (Func<Token, Expr>)(head => FunctionCall(head, args))),
            SelectorTail.Select(tail => (Func<Token, Expr>)(head => tail.Build(head))));

    private static readonly Parser<Token, Expr> CallOrSelector =
        Map((head, tail) => tail(head), Parser<Token>.Any, NameTail);

    private static readonly Parser<Token, Expr> AggregationOrSelector =
        Map((head, tail) => tail(head), Parser<Token>.Any, AggregatorTail);

    private static readonly Parser<Token, Expr> SelectorOnly =
        Map((head, tail) => tail.Build(head), Parser<Token>.Any, SelectorTail);

    private static readonly Parser<Token, Expr> BracesOnly =
        SelectorGrammar.Braces.Select(braces => (Expr)new VectorSelector(null, braces.Matchers)
        {
            Position = new PositionRange(braces.Start, braces.End),
        });

    private static readonly Parser<Token, Expr> Primary =
        FastParsers.Dispatch("expression",
            ([TokenKind.Number, TokenKind.Duration], NumberLit),
            ([TokenKind.String], StringLit),
            ([TokenKind.LeftParen], Parenthesised),
            ([TokenKind.LeftBrace], BracesOnly),
            ([TokenKind.Identifier, TokenKind.Start, TokenKind.End, TokenKind.Step, TokenKind.Range], CallOrSelector),
            ([.. System.Enum.GetValues<AggregateOp>().Select(TokenKinds.Of)], AggregationOrSelector),
            ([TokenKind.MetricIdentifier, TokenKinds.Of(BinaryOp.And), TokenKinds.Of(BinaryOp.Or), TokenKinds.Of(BinaryOp.Unless),
              TokenKind.By, TokenKind.Without, TokenKind.Offset, TokenKind.Anchored, TokenKind.Smoothed, TokenKind.Fill, TokenKind.FillLeft, TokenKind.FillRight], SelectorOnly));

    // ---- Postfix modifiers --------------------------------------------------------------------

    private static readonly Parser<Token, Func<Expr, Expr>> RangeOrSubquery =
        Map((open, range, subquery, close) => (Func<Expr, Expr>)(operand => subquery.HasValue
                ? Modifiers.Subquery(operand, open, range, subquery.Value.HasValue ? subquery.Value.Value : null, close)
                : Modifiers.Range(operand, open, range, close)),
            LBracket,
            DurationGrammar.Expression.Labelled("number, duration, step(), or range()"),
            Colon.Then(DurationGrammar.Expression.Optional()).Optional(),
            RBracket);

    private static readonly Parser<Token, Func<Expr, Expr>> OffsetModifier =
        Map((keyword, duration) => (Func<Expr, Expr>)(operand => Modifiers.Offset(operand, keyword, duration)),
            Tok(TokenKind.Offset), DurationGrammar.Offset.Labelled("number, duration, step(), or range()"));

    private static readonly Parser<Token, Func<Expr, Expr>> AtModifierParser =
        Map((at, value) => (Func<Expr, Expr>)(operand => Modifiers.At(operand, at, value.Kind, value.Seconds)),
            Tok(TokenKind.At),
            OneOf(
                SignedNumber.Select(n => (Kind: AtKind.Timestamp, Seconds: n.Value)),
                Map((keyword, _) => (Kind: keyword.Kind == TokenKind.Start ? AtKind.Start : AtKind.End, Seconds: 0d),
                    FastParsers.Kind("start() or end()", TokenKind.Start, TokenKind.End), EmptyParens))
            .Labelled("timestamp"));

    private static readonly Parser<Token, Func<Expr, Expr>> RangeBehaviourModifier =
        Parser<Token>.Token(t => t.Kind is TokenKind.Anchored or TokenKind.Smoothed)
            .Select(keyword => (Func<Expr, Expr>)(operand => Modifiers.Behaviour(operand, keyword)));

    private static readonly Parser<Token, Expr> Postfix =
        new PostfixParser(Primary, FastParsers.Dispatch("modifier",
            ([TokenKind.LeftBracket], RangeOrSubquery),
            ([TokenKind.Offset], OffsetModifier),
            ([TokenKind.At], AtModifierParser),
            ([TokenKind.Anchored, TokenKind.Smoothed], RangeBehaviourModifier)));

    // ---- Unary and binary operators -----------------------------------------------------------

    /// <summary>A whole expression.</summary>
    public static readonly Parser<Token, Expr> Expression = new OperatorParser(Postfix);

    /// <summary>A whole query: one expression and the end of input.</summary>
    public static readonly Parser<Token, Expr> Query = Expression.Before(Tok(TokenKind.EndOfInput).Labelled("end of input"));

    // ---- Node construction --------------------------------------------------------------------

    private static Expr Aggregation(Token head, (bool Without, ImmutableArray<string> Labels) modifier, (ImmutableArray<Expr> Args, Token Close) body)
    {
        var op = head.Kind.ToAggregateOp();
        var args = body.Args;
        if (args.Length == 0)
            throw new ParseFailure(head.ByteStart, "no arguments for aggregate expression provided");
        var expected = op.HasParameter() ? 2 : 1;
        if (args.Length != expected)
            throw new ParseFailure(head.ByteStart, $"wrong number of arguments for aggregate expression provided, expected {expected}, got {args.Length}");
        return new AggregateExpr(op, args[^1], expected == 2 ? args[0] : null, modifier.Labels, modifier.Without)
        {
            Position = new PositionRange(head.ByteStart, Math.Max(body.Close.ByteEnd, head.ByteEnd)),
        };
    }

    private static Expr FunctionCall(Token head, (ImmutableArray<Expr> Args, Token Close) body)
    {
        var name = head.Kind == TokenKind.Identifier ? head.Text : Keywords.Spelling(head.Kind)!;
        if (!FunctionTable.TryGet(name, out var function))
            throw new ParseFailure(head.ByteStart, $"unknown function with name {Printing.GoQuoting.Quote(name)}");
        return new Call(function, body.Args) { Position = new PositionRange(head.ByteStart, body.Close.ByteEnd) };
    }

    /// <summary>The optional braces after a metric name.</summary>
    private readonly record struct VectorSelectorTail(ImmutableArray<LabelMatcher> Matchers, int End)
    {
        public Expr Build(Token name) =>
            new VectorSelector(name.Text, Matchers) { Position = new PositionRange(name.ByteStart, End < 0 ? name.ByteEnd : End) };
    }
}
