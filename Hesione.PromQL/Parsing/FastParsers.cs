using System.Diagnostics.CodeAnalysis;
using Hesione.PromQL.Lexing;
using Pidgin;

namespace Hesione.PromQL.Parsing;

/// <summary>
/// Pidgin parsers written as subclasses for the hot spots of the grammar: matching a token kind
/// without a delegate call, and choosing an alternative by the next token's kind instead of trying
/// each one in turn (<see cref="Parser.OneOf{TToken, T}(Parser{TToken, T}[])"/>).
/// </summary>
internal static class FastParsers
{
    /// <summary>One token of the given kinds.</summary>
    public static Parser<Token, Token> Kind(string label, params TokenKind[] kinds) => new KindParser(kinds, label);

    /// <summary>Runs the parser registered for the next token's kind; fails with <paramref name="label"/> when there is none.</summary>
    public static Parser<Token, T> Dispatch<T>(string label, params (TokenKind[] Kinds, Parser<Token, T> Parser)[] table) =>
        new DispatchParser<T>(table, label);

    internal static void Fail(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, string label)
    {
        var eof = !state.HasCurrent || state.Current.Kind == TokenKind.EndOfInput;
        state.SetError(state.HasCurrent ? Maybe.Just(state.Current) : Maybe.Nothing<Token>(), eof, state.Location, null);
        expecteds.Add(new Expected<Token>(label));
    }

    private sealed class KindParser : Parser<Token, Token>
    {
        private readonly bool[] _accepts = new bool[(int)TokenKind.Range + 1];
        private readonly string _label;

        public KindParser(TokenKind[] kinds, string label)
        {
            foreach (var kind in kinds) _accepts[(int)kind] = true;
            _label = label;
        }

        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out Token result)
        {
            if (state.HasCurrent && _accepts[(int)state.Current.Kind])
            {
                result = state.Current;
                state.Advance();
                return true;
            }
            Fail(ref state, ref expecteds, _label);
            result = default;
            return false;
        }
    }

    private sealed class DispatchParser<T> : Parser<Token, T>
    {
        private readonly Parser<Token, T>?[] _byKind = new Parser<Token, T>?[(int)TokenKind.Range + 1];
        private readonly string _label;

        public DispatchParser((TokenKind[] Kinds, Parser<Token, T> Parser)[] table, string label)
        {
            foreach (var (kinds, parser) in table)
                foreach (var kind in kinds) _byKind[(int)kind] = parser;
            _label = label;
        }

        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out T result)
        {
            if (state.HasCurrent && _byKind[(int)state.Current.Kind] is { } parser)
                return parser.TryParse(ref state, ref expecteds, out result);
            Fail(ref state, ref expecteds, _label);
            result = default;
            return false;
        }
    }
}
