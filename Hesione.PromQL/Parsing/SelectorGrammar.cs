using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Lexing;
using Pidgin;

namespace Hesione.PromQL.Parsing;

/// <summary>
/// Label matchers in braces: <c>{job="api", "utf8.name"=~"a|b", "metric.name",}</c>. Inside braces the
/// grammar has no alternatives left, so a wrong token is reported at once, in Prometheus's words
/// (<c>unexpected identifier "b" in label matching, expected string</c>).
/// </summary>
internal static class SelectorGrammar
{
    /// <summary>The braces and the matchers inside them, with the braces' byte range.</summary>
    public static readonly Parser<Token, (ImmutableArray<LabelMatcher> Matchers, int Start, int End)> Braces = new BracesParser();

    private sealed class BracesParser : Parser<Token, (ImmutableArray<LabelMatcher> Matchers, int Start, int End)>
    {
        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds,
            [MaybeNullWhen(false)] out (ImmutableArray<LabelMatcher> Matchers, int Start, int End) result)
        {
            if (!state.HasCurrent || state.Current.Kind != TokenKind.LeftBrace)
            {
                FastParsers.Fail(ref state, ref expecteds, "\"{\"");
                result = default;
                return false;
            }
            var open = state.Current;
            state.Advance();
            var matchers = ImmutableArray.CreateBuilder<LabelMatcher>();
            Token close;
            while (true)
            {
                var token = Next(ref state);
                if (token.Kind == TokenKind.RightBrace)
                {
                    close = token;
                    break;
                }
                if (token.Kind is not (TokenKind.Identifier or TokenKind.String))
                    throw Unexpected(token, "identifier or \"}\"");
                var op = Next(ref state);
                if (token.Kind == TokenKind.String && op.Kind is TokenKind.Comma or TokenKind.RightBrace)
                {
                    matchers.Add(new LabelMatcher(LabelMatcher.MetricNameLabel, MatcherType.Equal, token.Text));
                }
                else
                {
                    if (!(op.Kind is TokenKind.Assign or TokenKind.EqlRegex or TokenKind.NeqRegex || op.Kind.Operator() == BinaryOp.Neq))
                        throw Unexpected(op, "label matching operator");
                    var value = Next(ref state);
                    if (value.Kind != TokenKind.String) throw Unexpected(value, "string");
                    matchers.Add(Build(token, op, value));
                    op = Next(ref state);
                }
                if (op.Kind == TokenKind.RightBrace)
                {
                    close = op;
                    break;
                }
                if (op.Kind != TokenKind.Comma) throw Unexpected(op, "\",\" or \"}\"");
                if (state.HasCurrent && state.Current.Kind == TokenKind.RightBrace)
                {
                    close = Next(ref state);
                    break;
                }
            }
            result = (matchers.ToImmutable(), open.ByteStart, close.ByteEnd);
            return true;
        }

        private static Token Next(ref ParseState<Token> state)
        {
            var token = state.Current;
            state.Advance();
            return token;
        }
    }

    private static ParseFailure Unexpected(Token token, string expected) =>
        new(token.ByteStart, $"unexpected {token.Describe()} in label matching, expected {expected}");

    private static LabelMatcher Build(Token name, Token op, Token value)
    {
        var type = op.Kind switch
        {
            TokenKind.Assign => MatcherType.Equal,
            TokenKind.EqlRegex => MatcherType.Regex,
            TokenKind.NeqRegex => MatcherType.NotRegex,
            _ => MatcherType.NotEqual,
        };
        if (type is MatcherType.Regex or MatcherType.NotRegex && Re2.AnchoredRegex.Problem(value.Text) is { } problem)
            throw new ParseFailure(name.ByteStart, problem);
        return new LabelMatcher(name.Text, type, value.Text);
    }
}
