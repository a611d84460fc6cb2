using System.Globalization;
using System.Text;

namespace Hesione.PromQL.Printing;

/// <summary>Double-quoted string literals in the form Go's <c>strconv.Quote</c> gives (what Prometheus prints).</summary>
internal static class GoQuoting
{
    /// <summary>Quotes <paramref name="value"/> with Go escapes; printable Unicode is kept as is.</summary>
    public static string Quote(string value)
    {
        var needsEscape = false;
        foreach (var c in value)
        {
            if (c is '"' or '\\' or < ' ' or '\x7f' || char.IsSurrogate(c) || (c > '\x7f' && !IsPrintable(c)))
            {
                needsEscape = true;
                break;
            }
        }
        if (!needsEscape) return string.Concat("\"", value, "\"");

        var sb = new StringBuilder(value.Length + 8);
        AppendQuoted(sb, value);
        return sb.ToString();
    }

    /// <summary>Appends <paramref name="value"/> quoted (see <see cref="Quote"/>).</summary>
    public static void AppendQuoted(StringBuilder sb, string value)
    {
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
            }
            if (c < ' ' || c == '\x7f')
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                var rune = new Rune(c, value[i + 1]);
                if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
                    sb.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
                else
                    sb.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }
            if (c is >= '\uDC80' and <= '\uDCFF')
            {
                sb.Append("\\x").Append((c - 0xDC00).ToString("x2", CultureInfo.InvariantCulture));
                continue;
            }
            if (char.IsSurrogate(c))
            {
                sb.Append("\\ufffd");
                continue;
            }
            if (c > '\x7f' && !IsPrintable(c))
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                continue;
            }
            sb.Append(c);
        }
        sb.Append('"');
    }

    private static bool IsPrintable(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate => false,
        UnicodeCategory.SpaceSeparator => c == ' ',
        _ => true,
    };
}
