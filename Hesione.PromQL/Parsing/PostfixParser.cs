using System.Diagnostics.CodeAnalysis;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Lexing;
using Pidgin;

namespace Hesione.PromQL.Parsing;

/// <summary>A primary expression followed by any number of modifiers (range, subquery, offset, @, anchored, smoothed), applied in order.</summary>
internal sealed class PostfixParser(Parser<Token, Expr> primary, Parser<Token, Func<Expr, Expr>> modifier) : Parser<Token, Expr>
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out Expr result)
    {
        if (!primary.TryParse(ref state, ref expecteds, out result)) return false;
        while (state.HasCurrent && IsModifier(state.Current.Kind))
        {
            if (!modifier.TryParse(ref state, ref expecteds, out var apply))
            {
                result = default;
                return false;
            }
            result = apply(result);
        }
        return true;
    }

    private static bool IsModifier(TokenKind kind) =>
        kind is TokenKind.LeftBracket or TokenKind.Offset or TokenKind.At or TokenKind.Anchored or TokenKind.Smoothed;
}
