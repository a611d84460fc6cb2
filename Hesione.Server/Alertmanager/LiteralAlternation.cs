using System.Text;

namespace Hesione.Server.Alertmanager;

/// <summary>
/// The values an Alertmanager regex matcher matches when it is only literal text: values escaped as Go's
/// <c>regexp.QuoteMeta</c> escapes them, joined by <c>|</c> (<c>team-a</c>, <c>a|b</c>, <c>some\|thing</c>). Alertmanager
/// anchors its regexes, so such a regex matches exactly these values.
/// </summary>
internal static class LiteralAlternation
{
    private const string Special = "\\.+*?()|[]{}^$";

    /// <summary>The values <paramref name="regex"/> matches, or null when it is more than literal text.</summary>
    public static List<string>? Values(string regex)
    {
        var values = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < regex.Length; i++)
        {
            var c = regex[i];
            if (c == '\\')
            {
                if (i + 1 == regex.Length || !Special.Contains(regex[i + 1])) return null;
                current.Append(regex[++i]);
            }
            else if (c == '|')
            {
                values.Add(current.ToString());
                current.Clear();
            }
            else if (Special.Contains(c))
            {
                return null;
            }
            else
            {
                current.Append(c);
            }
        }
        values.Add(current.ToString());
        return values;
    }
}
