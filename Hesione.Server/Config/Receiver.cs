using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Hesione.Server.Proxy;

namespace Hesione.Server.Config;

/// <summary>One validated receiver: a path prefix, its upstream, its scope and its credentials. Immutable, shared by all requests.</summary>
internal sealed class Receiver
{
    public required string Name { get; init; }

    public required Flavor Flavor { get; init; }

    /// <summary>The upstream base URL without a trailing slash; its path prefix is kept (<c>http://vmselect:8481/select/0/prometheus</c>).</summary>
    public required string UpstreamBase { get; init; }

    /// <summary>The upstream's scheme, host and port (<c>http://vmselect:8481</c>), for health probes that live at the root.</summary>
    public required string UpstreamOrigin { get; init; }

    public required ReceiverScope Scope { get; init; }

    /// <summary>The Basic credentials clients must send (<c>auth</c>, or <c>prom_auth</c> with <c>auth: preserve</c>); null when open.</summary>
    public BasicCredentials? ClientCredentials { get; init; }

    /// <summary>The <c>Authorization</c> header value sent upstream (<c>prom_auth</c>), or null.</summary>
    public string? UpstreamAuthorization { get; init; }

    /// <summary>Extra upstream headers (<c>headers</c>).</summary>
    public ImmutableArray<KeyValuePair<string, string>> Headers { get; init; } = [];

    public bool Verify { get; init; } = true;

    public X509Certificate2? ClientCertificate { get; init; }

    public required TimeSpan Timeout { get; init; }

    /// <summary>The Alertmanager upstream (used by a later issue).</summary>
    public Uri? Alertmanager { get; init; }

    /// <summary>The name of the HttpClientFactory client for proxied requests (with retries).</summary>
    public string ClientName => "hesione:" + Name;

    /// <summary>The name of the HttpClientFactory client for health probes (no retries).</summary>
    public string HealthClientName => "hesione-health:" + Name;
}
