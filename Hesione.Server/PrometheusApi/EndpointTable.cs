using System.Collections.Frozen;

namespace Hesione.Server.PrometheusApi;

/// <summary>The endpoints served under <c>/&lt;receiver&gt;/</c>; everything else is refused (default deny).</summary>
internal static class EndpointTable
{
    private const string LabelPrefix = "api/v1/label/";
    private const string LabelSuffix = "/values";
    private const string SilencePrefix = "api/v2/silence/";

    private static readonly FrozenDictionary<string, ApiEndpoint> Fixed = new ApiEndpoint[]
    {
        new("api/v1/query", EndpointKind.Query, "/api/v1/query", AllowsPost: true),
        new("api/v1/query_range", EndpointKind.Query, "/api/v1/query_range", AllowsPost: true),
        new("api/v1/query_exemplars", EndpointKind.Query, "/api/v1/query_exemplars", AllowsPost: true),
        new("api/v1/format_query", EndpointKind.FormatQuery, "", AllowsPost: true),
        new("api/v1/series", EndpointKind.Series, "/api/v1/series", AllowsPost: true),
        new("api/v1/labels", EndpointKind.Series, "/api/v1/labels", AllowsPost: true),
        new("federate", EndpointKind.Series, "/federate", AllowsPost: false),
        new("api/v1/status/buildinfo", EndpointKind.PassThrough, "/api/v1/status/buildinfo", AllowsPost: false),
        new("api/v1/metadata", EndpointKind.Metadata, "/api/v1/metadata", AllowsPost: false),
        new("api/v1/rules", EndpointKind.Rules, "/api/v1/rules", AllowsPost: false),
        new("api/v1/alerts", EndpointKind.Alerts, "/api/v1/alerts", AllowsPost: false),
        new("api/v2/alerts", EndpointKind.AlertmanagerAlerts, "/api/v2/alerts", AllowsPost: false),
        new("api/v2/alerts/groups", EndpointKind.AlertmanagerAlerts, "/api/v2/alerts/groups", AllowsPost: false),
        new("api/v2/silences", EndpointKind.AlertmanagerSilences, "/api/v2/silences", AllowsPost: true),
    }.ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);

    /// <summary><c>/api/v1/label/__name__/values</c>: the metric names, which the proxy also asks for itself (the metadata a tenant may see).</summary>
    public static readonly ApiEndpoint MetricNames = Match("api/v1/label/__name__/values")!;

    /// <summary>The endpoint for <paramref name="rest"/> (the raw path after <c>/&lt;receiver&gt;/</c>), or null when refused.</summary>
    public static ApiEndpoint? Match(string rest)
    {
        if (Fixed.TryGetValue(rest, out var endpoint)) return endpoint;
        if (rest.Length > LabelPrefix.Length + LabelSuffix.Length && rest.StartsWith(LabelPrefix, StringComparison.Ordinal) && rest.EndsWith(LabelSuffix, StringComparison.Ordinal))
        {
            var segment = rest.AsSpan(LabelPrefix.Length, rest.Length - LabelPrefix.Length - LabelSuffix.Length);
            if (segment.Contains('/') || LabelNameSegment.Decode(segment) is not { } name) return null;
            return new ApiEndpoint("api/v1/label/values", EndpointKind.Series, "/api/v1/label/" + Uri.EscapeDataString(name) + "/values", AllowsPost: true, ForwardsAsGet: true);
        }
        if (rest.StartsWith(SilencePrefix, StringComparison.Ordinal) && Guid.TryParseExact(rest.AsSpan(SilencePrefix.Length), "D", out var id))
            return new ApiEndpoint("api/v2/silence", EndpointKind.AlertmanagerSilence, "/api/v2/silence/" + id.ToString("D"), AllowsPost: false, AllowsDelete: true);
        return null;
    }
}
