using Hesione.PromQL.Lexing;

namespace Hesione.PromQL.Parsing;

/// <summary>Values of number and duration tokens; a bad value is a <see cref="ParseFailure"/>.</summary>
internal static class Literals
{
    public static double NumberValue(Token token)
    {
        if (token.Kind == TokenKind.Duration)
        {
            if (!NumberSyntax.TryParseDuration(token.Text, out var seconds, out var durationError))
                throw new ParseFailure(token.ByteStart, durationError);
            return seconds;
        }
        if (!NumberSyntax.TryParseNumber(token.Text, out var value, out var error))
            throw new ParseFailure(token.ByteStart, error);
        return value;
    }
}
