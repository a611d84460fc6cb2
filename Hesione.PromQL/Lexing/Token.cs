namespace Hesione.PromQL.Lexing;

/// <summary>
/// One token. <see cref="Start"/>/<see cref="End"/> are char indexes into the query; <see cref="ByteStart"/>/<see cref="ByteEnd"/>
/// the same positions as UTF-8 byte offsets (what error messages and AST positions use).
/// <see cref="Text"/> is the identifier, the unquoted string, or the number/duration as written.
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, int ByteStart, int ByteEnd, string Text)
{
    public bool IsKeyword => Keywords.IsWord(Kind);

    /// <summary>Prometheus's description of a token in "unexpected ..." messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfInput => "end of input",
        TokenKind.Identifier => $"identifier {Quote(Text)}",
        TokenKind.MetricIdentifier => $"metric identifier {Quote(Text)}",
        TokenKind.Number => $"number {Quote(Text)}",
        TokenKind.Duration => $"duration {Quote(Text)}",
        TokenKind.String => $"string {Quote(Text)}",
        TokenKind.LeftParen => "\"(\"",
        TokenKind.RightParen => "\")\"",
        TokenKind.LeftBrace => "\"{\"",
        TokenKind.RightBrace => "\"}\"",
        TokenKind.LeftBracket => "\"[\"",
        TokenKind.RightBracket => "\"]\"",
        TokenKind.Comma => "\",\"",
        TokenKind.Colon => "\":\"",
        TokenKind.Assign => "\"=\"",
        TokenKind.EqlRegex or TokenKind.NeqRegex or TokenKind.At or >= TokenKind.FirstBinaryOperator and <= TokenKind.LastBinaryOperator
            => $"<op:{Keywords.Spelling(Kind)}>",
        >= TokenKind.FirstAggregator and <= TokenKind.LastAggregator => $"<aggr:{Keywords.Spelling(Kind)}>",
        _ => $"<{Keywords.Spelling(Kind)}>",
    };

    private static string Quote(string s) =>
        s.Length > 10 ? Printing.GoQuoting.Quote(s[..10]) + "..." : Printing.GoQuoting.Quote(s);
}
