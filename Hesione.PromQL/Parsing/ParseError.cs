namespace Hesione.PromQL.Parsing;

/// <summary>A parse or check error: the UTF-8 byte offset where it was found and Prometheus's message.</summary>
/// <param name="ByteOffset">UTF-8 byte offset into the query.</param>
/// <param name="Message">The message without position, e.g. <c>unexpected end of input</c>.</param>
public sealed record ParseError(int ByteOffset, string Message)
{
    /// <summary>The full text <c>line:col: parse error: message</c>, with the column counted in UTF-8 bytes from 1.</summary>
    public string Format(string query)
    {
        var location = Locate(query);
        return $"{location.Line}:{location.ByteColumn}: parse error: {Message}";
    }

    /// <summary>Where the error is in <paramref name="query"/>: line, column in bytes and in characters, index into the string.</summary>
    public QueryLocation Locate(string query) => QueryPositions.Locate(query, ByteOffset);
}

/// <summary>Thrown inside the grammar for a semantic error; caught by <see cref="PromQLParser"/> and never escapes it.</summary>
internal sealed class ParseFailure(int byteOffset, string message) : Exception(message)
{
    public ParseError Error { get; } = new(byteOffset, message);
}
