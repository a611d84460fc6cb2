namespace Hesione.Server.Proxy;

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
    /// <summary>Handled by a later issue: refused with 501 until then.</summary>
    NotImplemented,
}

/// <summary>
/// One row of the endpoint table. The upstream path comes only from here (or, for label values, from a
/// validated and re-encoded label name), never from the client's text.
/// </summary>
/// <param name="Kind">The treatment.</param>
/// <param name="UpstreamPath">The path appended to the receiver's upstream base URL.</param>
/// <param name="AllowsPost">Whether POST (with a form body) is accepted besides GET.</param>
/// <param name="ForwardsAsGet">Whether a POST is forwarded as a GET (the upstream endpoint is GET-only).</param>
internal sealed record Endpoint(EndpointKind Kind, string UpstreamPath, bool AllowsPost, bool ForwardsAsGet = false);
