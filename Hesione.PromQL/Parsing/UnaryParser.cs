using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Lexing;
using Pidgin;

namespace Hesione.PromQL.Parsing;

/// <summary>
/// Signs, then a postfix expression, then an optional <c>^</c> whose right side is again a signed
/// operand (so <c>-2^-1^2</c> is <c>-(2^(-(1^2)))</c>): unary minus binds like <c>*</c>, looser than <c>^</c>.
/// The recursion for <c>^</c> chains checks the stack first.
/// </summary>
internal sealed class UnaryParser(Parser<Token, Expr> postfix, Parser<Token, BinaryOperatorSyntax> power) : Parser<Token, Expr>
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out Expr result)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        List<Token>? signs = null;
        while (state.HasCurrent && state.Current.Kind is TokenKind.Add or TokenKind.Sub)
        {
            (signs ??= []).Add(state.Current);
            state.Advance();
        }
        if (!postfix.TryParse(ref state, ref expecteds, out result)) return false;
        if (state.HasCurrent && state.Current.Kind == TokenKind.Pow)
        {
            if (!power.TryParse(ref state, ref expecteds, out var op) || !TryParse(ref state, ref expecteds, out var exponent))
            {
                result = default;
                return false;
            }
            result = Operators.Binary(result, op, exponent);
        }
        if (signs is not null) result = Operators.ApplySigns(signs, result);
        return true;
    }
}
