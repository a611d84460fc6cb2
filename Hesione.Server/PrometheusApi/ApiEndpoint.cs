namespace Hesione.Server.PrometheusApi;

/// <summary>How the proxy treats an endpoint.</summary>
internal enum EndpointKind
{
    /// <summary><c>query</c> parsed, checked and enforced.</summary>
    Query,
    /// <summary><c>query</c> enforced and answered by the proxy in canonical form.</summary>
    FormatQuery,
    /// <summary>Every <c>match[]</c> enforced; one made of the scope alone added when there is none.</summary>
    Series,
    /// <summary>Forwarded as is (no PromQL in it).</summary>
    PassThrough,
    /// <summary><c>/api/v1/rules</c>: the answer filtered to the rules and alerts inside the scope.</summary>
    Rules,
    /// <summary><c>/api/v1/alerts</c>: the answer filtered to the alerts inside the scope.</summary>
    Alerts,
    /// <summary><c>/api/v1/metadata</c>: only metrics the tenant has series of.</summary>
    Metadata,
    /// <summary>Alertmanager <c>/api/v2/alerts</c> and <c>/api/v2/alerts/groups</c>: <c>filter</c> enforced, answer filtered.</summary>
    AlertmanagerAlerts,
    /// <summary>Alertmanager <c>/api/v2/silences</c>: GET filtered, POST held to the scope.</summary>
    AlertmanagerSilences,
    /// <summary>Alertmanager <c>/api/v2/silence/&lt;id&gt;</c>: only a silence inside the scope.</summary>
    AlertmanagerSilence,
}

/// <summary>
/// One row of the endpoint table. The upstream path comes only from here (or, for label values and silences, from a
/// validated and re-encoded path segment), never from the client's text.
/// </summary>
/// <param name="Name">The endpoint's name in metrics and logs (<c>api/v1/query</c>, <c>api/v1/label/values</c>).</param>
/// <param name="Kind">The treatment.</param>
/// <param name="UpstreamPath">The path appended to the upstream base URL (the receiver's <c>prom</c> or <c>alertmanager</c>).</param>
/// <param name="AllowsPost">Whether POST is accepted besides GET.</param>
/// <param name="ForwardsAsGet">Whether a POST is forwarded as a GET (the upstream endpoint is GET-only).</param>
/// <param name="AllowsDelete">Whether DELETE is accepted besides GET.</param>
internal sealed record ApiEndpoint(string Name, EndpointKind Kind, string UpstreamPath, bool AllowsPost, bool ForwardsAsGet = false, bool AllowsDelete = false)
{
    /// <summary>Whether the endpoint is served by the receiver's Alertmanager.</summary>
    public bool IsAlertmanager => Kind is EndpointKind.AlertmanagerAlerts or EndpointKind.AlertmanagerSilences or EndpointKind.AlertmanagerSilence;

    /// <summary>Whether a request with <paramref name="method"/> goes upstream as a POST (its parameters in a form body).</summary>
    public bool PostsUpstream(string method) => Microsoft.AspNetCore.Http.HttpMethods.IsPost(method) && !ForwardsAsGet;
}
