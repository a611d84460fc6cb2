using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Lexing;
using Pidgin;

namespace Hesione.PromQL.Parsing;

/// <summary>
/// The operator levels of an expression over its postfix expressions, written by hand:
/// <list type="bullet">
/// <item>the left-associative binary levels (<c>* / % atan2 &lt;/ &gt;/</c>, <c>+ -</c>, comparisons, <c>and unless</c>,
/// <c>or</c>) in one loop: operands and operators go onto explicit stacks and are combined by precedence
/// (shunting-yard), so a chain of any length needs no recursion;</item>
/// <item>each operand: signs, then a postfix expression, then an optional <c>^</c> whose right side is again a signed
/// operand (so <c>-2^-1^2</c> is <c>-(2^(-(1^2)))</c>): unary minus binds like <c>*</c>, looser than <c>^</c>. The
/// recursion for <c>^</c> chains checks the stack first.</item>
/// </list>
/// </summary>
internal sealed class OperatorParser(Parser<Token, Expr> postfix) : Parser<Token, Expr>
{
    private static readonly Parser<Token, BinaryOperatorSyntax> Power = Operators.OperatorWithModifiers(BinaryOp.Pow);

    private static readonly Parser<Token, BinaryOperatorSyntax> LeftAssociative =
        Operators.OperatorWithModifiers([.. Enum.GetValues<BinaryOp>().Where(IsLeftAssociative)]);

    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out Expr result)
    {
        if (!TryParseOperand(ref state, ref expecteds, out var first))
        {
            result = default;
            return false;
        }
        if (!state.HasCurrent || !IsLeftAssociative(state.Current.Kind))
        {
            result = first;
            return true;
        }

        var operands = new Stack<Expr>();
        var operators = new Stack<BinaryOperatorSyntax>();
        operands.Push(first);
        while (state.HasCurrent && IsLeftAssociative(state.Current.Kind))
        {
            if (!LeftAssociative.TryParse(ref state, ref expecteds, out var next) || !TryParseOperand(ref state, ref expecteds, out var right))
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

    /// <summary>Signs, a postfix expression, and <c>^</c> with its (recursively read) right side.</summary>
    private bool TryParseOperand(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out Expr result)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        List<Token>? signs = null;
        while (state.HasCurrent && state.Current.Kind.IsSign())
        {
            (signs ??= []).Add(state.Current);
            state.Advance();
        }
        if (!postfix.TryParse(ref state, ref expecteds, out result)) return false;
        if (state.HasCurrent && state.Current.Kind.Operator() == BinaryOp.Pow)
        {
            if (!Power.TryParse(ref state, ref expecteds, out var op) || !TryParseOperand(ref state, ref expecteds, out var exponent))
            {
                result = default;
                return false;
            }
            result = Operators.Binary(result, op, exponent);
        }
        if (signs is not null) result = Operators.ApplySigns(signs, result);
        return true;
    }

    private static void Reduce(Stack<Expr> operands, Stack<BinaryOperatorSyntax> operators)
    {
        var right = operands.Pop();
        var left = operands.Pop();
        operands.Push(Operators.Binary(left, operators.Pop(), right));
    }

    /// <summary>Every binary operator but <c>^</c>, which is right-associative and read with its operand.</summary>
    private static bool IsLeftAssociative(BinaryOp op) => op != BinaryOp.Pow;

    private static bool IsLeftAssociative(TokenKind kind) => kind.Operator() is { } op && IsLeftAssociative(op);
}
