using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Lexing;
using Pidgin;
using static Hesione.PromQL.Parsing.TokenParsers;
using static Pidgin.Parser;

namespace Hesione.PromQL.Parsing;

/// <summary>Label matchers in braces: <c>{job="api", "utf8.name"=~"a|b", "metric.name"}</c>.</summary>
internal static class SelectorGrammar
{
    private static readonly Parser<Token, Token> MatchOperator =
        Parser<Token>.Token(t => t.Kind is TokenKind.Assign or TokenKind.Neq or TokenKind.EqlRegex or TokenKind.NeqRegex)
            .Labelled("label matching operator");

    private static readonly Parser<Token, (Token Op, Token Value)> OperatorAndValue =
        Map((op, value) => (op, value), MatchOperator, StringToken);

    private static readonly Parser<Token, LabelMatcher> Matcher =
        OneOf(
            Map((name, rest) => Build(name, rest.Op, rest.Value), Tok(TokenKind.Identifier), OperatorAndValue),
            Map((name, rest) => rest.HasValue
                    ? Build(name, rest.Value.Op, rest.Value.Value)
                    : new LabelMatcher(LabelMatcher.MetricNameLabel, MatcherType.Equal, name.Text),
                StringToken, OperatorAndValue.Optional()))
        .Labelled("label matcher");

    /// <summary>The braces and the matchers inside them, with the closing brace's end offset.</summary>
    public static readonly Parser<Token, (ImmutableArray<LabelMatcher> Matchers, int Start, int End)> Braces =
        Map((open, matchers, close) => (matchers.ToImmutableArray(), open.ByteStart, close.ByteEnd),
            LBrace, Matcher.SeparatedAndOptionallyTerminated(Comma), RBrace);

    private static LabelMatcher Build(Token name, Token op, Token value)
    {
        var type = op.Kind switch
        {
            TokenKind.Assign => MatcherType.Equal,
            TokenKind.Neq => MatcherType.NotEqual,
            TokenKind.EqlRegex => MatcherType.Regex,
            _ => MatcherType.NotRegex,
        };
        if (type is MatcherType.Regex or MatcherType.NotRegex && Regex.Re2Syntax.Validate("^(?:" + value.Text + ")$") is { } problem)
            throw new ParseFailure(name.ByteStart, problem);
        return new LabelMatcher(name.Text, type, value.Text);
    }
}
