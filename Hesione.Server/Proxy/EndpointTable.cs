using System.Collections.Frozen;

namespace Hesione.Server.Proxy;

/// <summary>The endpoints served under <c>/&lt;receiver&gt;/</c>; everything else is refused (default deny).</summary>
internal static class EndpointTable
{
    private const string LabelPrefix = "api/v1/label/";
    private const string LabelSuffix = "/values";
    private const string SilencePrefix = "api/v2/silence/";

    private static readonly FrozenDictionary<string, Endpoint> Fixed = new Dictionary<string, Endpoint>(StringComparer.Ordinal)
    {
        ["api/v1/query"] = new(EndpointKind.Query, "/api/v1/query", AllowsPost: true),
        ["api/v1/query_range"] = new(EndpointKind.Query, "/api/v1/query_range", AllowsPost: true),
        ["api/v1/query_exemplars"] = new(EndpointKind.Query, "/api/v1/query_exemplars", AllowsPost: true),
        ["api/v1/format_query"] = new(EndpointKind.FormatQuery, "", AllowsPost: true),
        ["api/v1/series"] = new(EndpointKind.Series, "/api/v1/series", AllowsPost: true),
        ["api/v1/labels"] = new(EndpointKind.Series, "/api/v1/labels", AllowsPost: true),
        ["federate"] = new(EndpointKind.Series, "/federate", AllowsPost: false),
        ["api/v1/status/buildinfo"] = new(EndpointKind.PassThrough, "/api/v1/status/buildinfo", AllowsPost: false),
        ["api/v1/metadata"] = NotImplemented(false),
        ["api/v1/rules"] = NotImplemented(false),
        ["api/v1/alerts"] = NotImplemented(false),
        ["api/v2/alerts"] = NotImplemented(false),
        ["api/v2/alerts/groups"] = NotImplemented(false),
        ["api/v2/silences"] = NotImplemented(true),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The endpoint for <paramref name="rest"/> (the raw path after <c>/&lt;receiver&gt;/</c>), or null when refused.</summary>
    public static Endpoint? Match(string rest)
    {
        if (Fixed.TryGetValue(rest, out var endpoint)) return endpoint;
        if (rest.Length > LabelPrefix.Length + LabelSuffix.Length && rest.StartsWith(LabelPrefix, StringComparison.Ordinal) && rest.EndsWith(LabelSuffix, StringComparison.Ordinal))
        {
            var segment = rest.AsSpan(LabelPrefix.Length, rest.Length - LabelPrefix.Length - LabelSuffix.Length);
            if (segment.Contains('/') || LabelNameSegment.Decode(segment) is not { } name) return null;
            return new Endpoint(EndpointKind.Series, "/api/v1/label/" + Uri.EscapeDataString(name) + "/values", AllowsPost: true, ForwardsAsGet: true);
        }
        if (rest.Length > SilencePrefix.Length && rest.StartsWith(SilencePrefix, StringComparison.Ordinal) && rest.IndexOf('/', SilencePrefix.Length) < 0)
            return NotImplemented(false);
        return null;
    }

    private static Endpoint NotImplemented(bool allowsPost) => new(EndpointKind.NotImplemented, "", allowsPost);
}
