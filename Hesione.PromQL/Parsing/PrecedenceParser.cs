using System.Diagnostics.CodeAnalysis;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Lexing;
using Pidgin;

namespace Hesione.PromQL.Parsing;

/// <summary>
/// The left-associative binary operator levels (<c>* / % atan2 &lt;/ &gt;/</c>, <c>+ -</c>, comparisons,
/// <c>and unless</c>, <c>or</c>) in one loop: operands and operators go onto explicit stacks and are
/// combined by precedence (shunting-yard), so a chain of any length needs no recursion.
/// </summary>
internal sealed class PrecedenceParser(Parser<Token, Expr> operand, Parser<Token, BinaryOperatorSyntax> op) : Parser<Token, Expr>
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out Expr result)
    {
        if (!operand.TryParse(ref state, ref expecteds, out var first))
        {
            result = default;
            return false;
        }
        if (!state.HasCurrent || !IsBinaryOperator(state.Current.Kind))
        {
            result = first;
            return true;
        }

        var operands = new Stack<Expr>();
        var operators = new Stack<BinaryOperatorSyntax>();
        operands.Push(first);
        while (state.HasCurrent && IsBinaryOperator(state.Current.Kind))
        {
            if (!op.TryParse(ref state, ref expecteds, out var next) || !operand.TryParse(ref state, ref expecteds, out var right))
            {
                result = default;
                return false;
            }
            var precedence = next.Op.Precedence();
            while (operators.Count > 0 && operators.Peek().Op.Precedence() >= precedence) Reduce(operands, operators);
            operators.Push(next);
            operands.Push(right);
        }
        while (operators.Count > 0) Reduce(operands, operators);
        result = operands.Pop();
        return true;
    }

    private static void Reduce(Stack<Expr> operands, Stack<BinaryOperatorSyntax> operators)
    {
        var right = operands.Pop();
        var left = operands.Pop();
        operands.Push(Operators.Binary(left, operators.Pop(), right));
    }

    internal static bool IsBinaryOperator(TokenKind kind) => kind switch
    {
        TokenKind.Mul or TokenKind.Div or TokenKind.Mod or TokenKind.Atan2 or TokenKind.TrimUpper or TokenKind.TrimLower
            or TokenKind.Add or TokenKind.Sub
            or TokenKind.Eql or TokenKind.Neq or TokenKind.Gtr or TokenKind.Lss or TokenKind.Gte or TokenKind.Lte
            or TokenKind.And or TokenKind.Unless or TokenKind.Or => true,
        _ => false,
    };
}
