using Hesione.PromQL.Ast;

namespace Hesione.PromQL.Parsing;

/// <summary>
/// Where a position of a query is, for display and for editors.
/// </summary>
/// <param name="Line">The line, counted from 1.</param>
/// <param name="ByteColumn">The column in UTF-8 bytes, counted from 1: what Prometheus and <see cref="ParseError.Format"/> print.</param>
/// <param name="Column">The column in UTF-16 characters of the .NET string, counted from 1 (what a text box counts).</param>
/// <param name="CharIndex">The index into the .NET string (for <c>Substring</c>, selections and carets), from 0.</param>
public readonly record struct QueryLocation(int Line, int ByteColumn, int Column, int CharIndex);

/// <summary>
/// Converts the UTF-8 byte offsets that Prometheus, <see cref="ParseError"/> and <see cref="PositionRange"/> use into
/// character positions of the .NET string that was parsed. A byte offset inside a multi-byte character stands for that
/// character; offsets beyond the text stand for its end.
/// </summary>
public static class QueryPositions
{
    /// <summary>The index into <paramref name="query"/> of the character at UTF-8 byte <paramref name="byteOffset"/>.</summary>
    public static int CharIndex(string query, int byteOffset) => Locate(query, byteOffset).CharIndex;

    /// <summary>The characters of <paramref name="query"/> that <paramref name="range"/> (UTF-8 bytes) covers, e.g. <c>query[range]</c>.</summary>
    public static Range CharRange(string query, PositionRange range) =>
        new(CharIndex(query, range.Start), CharIndex(query, range.End));

    /// <summary>Line and columns (in bytes and in characters) of UTF-8 byte <paramref name="byteOffset"/> of <paramref name="query"/>.</summary>
    public static QueryLocation Locate(string query, int byteOffset)
    {
        ArgumentNullException.ThrowIfNull(query);
        int bytes = 0, index = 0, line = 1, lineStartBytes = 0, lineStartIndex = 0;
        while (index < query.Length)
        {
            var (width, chars) = Utf8Width(query, index);
            if (bytes + width > byteOffset) break;
            if (query[index] == '\n')
            {
                line++;
                lineStartBytes = bytes + width;
                lineStartIndex = index + chars;
            }
            bytes += width;
            index += chars;
        }
        var offset = index < query.Length ? Math.Max(byteOffset, 0) : Math.Clamp(byteOffset, 0, bytes);
        return new QueryLocation(line, offset - lineStartBytes + 1, index - lineStartIndex + 1, index);
    }

    /// <summary>UTF-8 bytes of the character at <paramref name="index"/> and how many UTF-16 units it takes (a lone surrogate encodes as U+FFFD).</summary>
    private static (int Bytes, int Chars) Utf8Width(string text, int index)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1])) return (4, 2);
        return (c < 0x80 ? 1 : c < 0x800 ? 2 : 3, 1);
    }
}
