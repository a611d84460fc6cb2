using System.Globalization;
using System.Text;

namespace Hesione.PromQL.MetricsQL;

/// <summary>
/// MetricsQL identifiers: which characters may start and continue one, backslash escapes inside them
/// (<c>\x2E</c>, <c>\u6e29</c>, <c>\-</c>) and the escaped form the MetricsQL printer writes.
/// </summary>
internal static class MetricsQLIdent
{
    /// <summary>A letter, <c>_</c> or <c>:</c>.</summary>
    public static bool IsFirstIdentChar(Rune r) => Rune.IsLetter(r) || r.Value is '_' or ':';

    /// <summary>A first character, an ASCII digit or <c>.</c>.</summary>
    public static bool IsIdentChar(Rune r) => IsFirstIdentChar(r) || r.Value is (>= '0' and <= '9') or '.';

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    public static bool IsPrint(Rune r)
    {
        if (r.Value == ' ') return true;
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation
                or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
    }

    /// <summary>Reads the rune at <paramref name="index"/>; a lone surrogate reads as U+FFFD of length 1.</summary>
    internal static Rune RuneAt(string s, int index, out int length)
    {
        if (Rune.DecodeFromUtf16(s.AsSpan(index), out var rune, out length) == System.Buffers.OperationStatus.Done) return rune;
        length = 1;
        return Rune.ReplacementChar;
    }

    /// <summary>
    /// Decodes the escape after a backslash at <paramref name="index"/> (<c>xHH</c>, <c>uHHHH</c> or a printable
    /// character); false when it is not a valid escape.
    /// </summary>
    internal static bool TryDecodeEscape(string s, int index, out Rune rune, out int length)
    {
        rune = default;
        length = 0;
        if (index >= s.Length) return false;
        var c = s[index];
        if (c is 'x' or 'X' or 'u' or 'U')
        {
            var digits = c is 'x' or 'X' ? 2 : 4;
            if (index + digits >= s.Length) return false;
            var v = 0;
            for (var k = 1; k <= digits; k++)
            {
                var d = HexValue(s[index + k]);
                if (d < 0) return false;
                v = v * 16 + d;
            }
            if (!Rune.IsValid(v)) return false;
            rune = new Rune(v);
            length = digits + 1;
            return true;
        }
        var r = RuneAt(s, index, out var n);
        if (r == Rune.ReplacementChar || !IsPrint(r)) return false;
        rune = r;
        length = n;
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Whether an identifier starts at <paramref name="index"/>.</summary>
    internal static bool IsIdentPrefix(string s, int index)
    {
        if (index >= s.Length) return false;
        if (s[index] == '\\') return TryDecodeEscape(s, index + 1, out _, out _);
        return IsFirstIdentChar(RuneAt(s, index, out _));
    }

    /// <summary>The length of the identifier (with its escapes) at <paramref name="start"/>.</summary>
    internal static int ScanIdent(string s, int start)
    {
        var i = start;
        while (i < s.Length)
        {
            var r = RuneAt(s, i, out var size);
            if ((i == start && IsFirstIdentChar(r)) || (i > start && IsIdentChar(r)))
            {
                i += size;
                continue;
            }
            if (r.Value != '\\' || !TryDecodeEscape(s, i + 1, out _, out var n)) break;
            i += 1 + n;
        }
        return i - start;
    }

    /// <summary>The identifier's text with its escapes decoded; an invalid escape keeps its backslash.</summary>
    public static string Unescape(string token)
    {
        if (token.IndexOf('\\') < 0) return token;
        var sb = new StringBuilder(token.Length);
        for (var i = 0; i < token.Length;)
        {
            if (token[i] == '\\' && TryDecodeEscape(token, i + 1, out var rune, out var n))
            {
                sb.Append(rune.ToString());
                i += 1 + n;
                continue;
            }
            sb.Append(token[i]);
            i++;
        }
        return sb.ToString();
    }

    /// <summary>Appends <paramref name="name"/> as MetricsQL prints an identifier: characters that may not stand there get a backslash (<c>\-</c>, <c>\x01</c>).</summary>
    public static void AppendEscaped(StringBuilder sb, string name)
    {
        for (var i = 0; i < name.Length;)
        {
            var r = RuneAt(name, i, out var size);
            if ((i == 0 && IsFirstIdentChar(r)) || (i > 0 && IsIdentChar(r)))
                sb.Append(name, i, size);
            else
                AppendEscape(sb, r);
            i += size;
        }
    }

    private static void AppendEscape(StringBuilder sb, Rune r)
    {
        sb.Append('\\');
        if (IsPrint(r)) sb.Append(r.ToString());
        else if (r.Value < 256) sb.Append('x').Append(r.Value.ToString("x2", CultureInfo.InvariantCulture));
        else sb.Append('u').Append((r.Value & 0xFFFF).ToString("x4", CultureInfo.InvariantCulture));
    }

    /// <summary>The identifier as MetricsQL prints it (see <see cref="AppendEscaped"/>).</summary>
    public static string Escape(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        AppendEscaped(sb, name);
        return sb.ToString();
    }
}
