namespace Hesione.PromQL.Printing;

/// <summary>Which metric and label names can be written bare, and which need quotes.</summary>
internal static class Names
{
    private static readonly HashSet<string> NotMetricNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "inf", "nan", "bool", "on", "ignoring", "group_left", "group_right", "atan2",
    };

    /// <summary>Whether <paramref name="name"/> matches <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsLegacyLabelName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }

    /// <summary>Whether <paramref name="name"/> matches <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsLegacyMetricName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or ':')) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ':')) return false;
        return true;
    }

    /// <summary>Whether a metric name can stand bare before the braces and read back as the same name.</summary>
    public static bool IsPrintableMetricName(string name) => IsLegacyMetricName(name) && !NotMetricNames.Contains(name);
}
