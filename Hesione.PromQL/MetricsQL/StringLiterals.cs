using Hesione.PromQL.Lexing;

namespace Hesione.PromQL.MetricsQL;

/// <summary>MetricsQL string literals: <c>"..."</c> and <c>'...'</c> with Go escapes, <c>`...`</c> raw.</summary>
internal static class StringLiterals
{
    /// <summary>The value of a literal token; throws <see cref="MetricsQLSyntaxException"/> when it is not a valid literal.</summary>
    public static string Unquote(string token)
    {
        if (token.Length < 2 || token[^1] != token[0]) throw Invalid(token);
        if (token[0] == '`')
        {
            var body = token[1..^1];
            if (body.Contains('`')) throw Invalid(token);
            return body.Replace("\r", "", StringComparison.Ordinal);
        }
        if (token.Contains('\n')) throw Invalid(token);
        if (!GoStringUnquoter.TryUnquote(token, out var value, out _)) throw Invalid(token);
        return value;
    }

    private static MetricsQLSyntaxException Invalid(string token) =>
        new($"cannot parse string literal {Printing.GoQuoting.Quote(token)}");
}
