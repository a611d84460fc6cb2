namespace Hesione.Server.Configuration;

/// <summary>One backend of a receiver (an entry of <c>prom:</c>).</summary>
/// <param name="Base">The base URL without a trailing slash; its path prefix is kept (<c>http://vmselect:8481/select/0/prometheus</c>).</param>
/// <param name="Origin">Its scheme, host and port (<c>http://vmselect:8481</c>), for health probes that live at the root.</param>
internal sealed record UpstreamBackend(string Base, string Origin)
{
    /// <summary>The backend as named in metrics and health answers: its base URL (which never holds credentials, the config refuses them).</summary>
    public string Label => Base;

    public static UpstreamBackend Of(Uri url) => new(url.AbsoluteUri.TrimEnd('/'), url.GetLeftPart(UriPartial.Authority));
}
