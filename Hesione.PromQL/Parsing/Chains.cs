using Hesione.PromQL.Lexing;
using Pidgin;
using static Pidgin.Parser;

namespace Hesione.PromQL.Parsing;

/// <summary>Left-associative operator chains, folded in a loop so that long chains never recurse.</summary>
internal static class Chains
{
    public static Parser<Token, T> LeftAssociative<T, TOp>(Parser<Token, T> operand, Parser<Token, TOp> op, Func<T, TOp, T, T> combine) =>
        Map((first, rest) =>
            {
                var result = first;
                foreach (var (o, right) in rest) result = combine(result, o, right);
                return result;
            },
            operand,
            Map((o, right) => (o, right), op, operand).Many());
}
