namespace Hesione.Server.Routing;

/// <summary>
/// Refuses path tricks before any routing, looking at the request target exactly as the client sent it:
/// <c>.</c> and <c>..</c> segments, empty segments (<c>//</c>), backslashes, and encoded dots, slashes and
/// backslashes (<c>%2e</c>, <c>%2f</c>, <c>%5c</c>). Routing then compares the raw segments with the
/// endpoint table, so any other encoding simply does not match.
/// </summary>
internal static class RequestTarget
{
    /// <summary>The raw path (without the query) when it is acceptable, otherwise null.</summary>
    public static string? SafePath(string rawTarget)
    {
        var end = rawTarget.IndexOf('?');
        var path = end < 0 ? rawTarget.AsSpan() : rawTarget.AsSpan(0, end);
        if (path.Length == 0 || path[0] != '/' || path.Contains('\\') || path.Contains("//", StringComparison.Ordinal)) return null;
        if (path.Contains("%2e", StringComparison.OrdinalIgnoreCase) || path.Contains("%2f", StringComparison.OrdinalIgnoreCase) || path.Contains("%5c", StringComparison.OrdinalIgnoreCase)) return null;
        var segments = path[1..];
        foreach (var range in segments.Split('/'))
            if (segments[range] is "." or "..") return null;
        return end < 0 ? rawTarget : path.ToString();
    }
}
