using System.Text;

namespace Hesione.PromQL.Enforcement;

/// <summary>Escaping of literal values for RE2, as Go's <c>regexp.QuoteMeta</c> does.</summary>
internal static class RegexQuoting
{
    private const string Special = "\\.+*?()|[]{}^$";

    /// <summary>A regex that matches exactly <paramref name="value"/>: each of <c>\.+*?()|[]{}^$</c> gets a backslash.</summary>
    public static string QuoteMeta(string value)
    {
        if (value.AsSpan().IndexOfAny(Special) < 0) return value;
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (Special.Contains(c)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// One regex matching any of <paramref name="patterns"/>: the pattern itself when there is one,
    /// otherwise <c>(?:p1)|(?:p2)</c>, so that flags such as <c>(?i)</c> stay inside their own alternative.
    /// </summary>
    public static string Alternation(IReadOnlyList<string> patterns) =>
        patterns.Count == 1 ? patterns[0] : string.Join('|', patterns.Select(p => "(?:" + p + ")"));
}
