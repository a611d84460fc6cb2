using System.Text;

namespace Hesione.PromQL.Lexing;

/// <summary>
/// Unquotes a PromQL string literal with Go's escape rules: <c>\a \b \f \n \r \t \v \\</c>, the quote
/// of the literal's own kind, octal <c>\NNN</c>, <c>\xHH</c>, <c>\uHHHH</c>, <c>\UHHHHHHHH</c>.
/// Byte escapes that do not form valid UTF-8 are kept as escaped bytes (see <see cref="DecodeKeepingBytes"/>).
/// </summary>
internal static class GoStringUnquoter
{
    public static bool TryUnquote(ReadOnlySpan<char> literal, out string value, out string problem)
    {
        value = "";
        problem = "invalid syntax";
        if (literal.Length < 2) return false;
        var quote = literal[0];
        var body = literal[1..^1];
        if (body.IndexOf('\\') < 0)
        {
            if (body.IndexOf(quote) >= 0) return false;
            value = body.ToString();
            return true;
        }

        var bytes = new List<byte>(body.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (c == quote) return false;
            if (c != '\\')
            {
                var n = char.IsHighSurrogate(c) && i + 1 < body.Length
                    ? Encoding.UTF8.GetBytes(body.Slice(i, 2), utf8)
                    : Encoding.UTF8.GetBytes(body.Slice(i, 1), utf8);
                for (var k = 0; k < n; k++) bytes.Add(utf8[k]);
                i += char.IsHighSurrogate(c) && i + 1 < body.Length ? 2 : 1;
                continue;
            }
            if (i + 1 >= body.Length) return false;
            var e = body[i + 1];
            i += 2;
            switch (e)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '\'' or '"':
                    if (e != quote) return false;
                    bytes.Add((byte)e);
                    break;
                case >= '0' and <= '7':
                    {
                        if (i + 2 > body.Length) return false;
                        var v = e - '0';
                        for (var k = 0; k < 2; k++)
                        {
                            var d = body[i + k];
                            if (d is < '0' or > '7') return false;
                            v = v * 8 + (d - '0');
                        }
                        if (v > 255) return false;
                        bytes.Add((byte)v);
                        i += 2;
                        break;
                    }
                case 'x':
                    {
                        if (!TryHex(body, i, 2, out var v)) return false;
                        bytes.Add((byte)v);
                        i += 2;
                        break;
                    }
                case 'u' or 'U':
                    {
                        var len = e == 'u' ? 4 : 8;
                        if (!TryHex(body, i, len, out var v)) return false;
                        if (v > 0x10FFFF || v is >= 0xD800 and <= 0xDFFF) return false;
                        var n = new Rune((int)v).EncodeToUtf8(utf8);
                        for (var k = 0; k < n; k++) bytes.Add(utf8[k]);
                        i += len;
                        break;
                    }
                default:
                    return false;
            }
        }
        value = DecodeKeepingBytes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
        return true;
    }

    /// <summary>
    /// Decodes UTF-8; a byte that is not part of valid UTF-8 becomes the lone surrogate U+DC00+byte
    /// (as Python's surrogateescape does), which <see cref="Printing.GoQuoting"/> prints back as <c>\xHH</c>.
    /// So <c>"\xff"</c> keeps its meaning through a parse and print.
    /// </summary>
    private static string DecodeKeepingBytes(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                sb.Append(rune.ToString());
                bytes = bytes[consumed..];
            }
            else
            {
                sb.Append((char)(0xDC00 + bytes[0]));
                bytes = bytes[1..];
            }
        }
        return sb.ToString();
    }

    private static bool TryHex(ReadOnlySpan<char> s, int start, int length, out long value)
    {
        value = 0;
        if (start + length > s.Length) return false;
        for (var k = 0; k < length; k++)
        {
            var c = s[start + k];
            int d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (d < 0) return false;
            value = value * 16 + d;
        }
        return true;
    }
}
