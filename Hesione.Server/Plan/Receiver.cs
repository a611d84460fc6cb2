using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Hesione.Server.Configuration;
using Hesione.Server.Proxy;

namespace Hesione.Server.Plan;

/// <summary>One compiled receiver (<see cref="ReceiverCompiler"/>): a path prefix, its upstream, its scope and its credentials. Immutable, shared by all requests.</summary>
internal sealed class Receiver
{
    public required string Name { get; init; }

    public required Flavor Flavor { get; init; }

    /// <summary>The backends (<c>prom</c>: one URL or a pool), in config order; never empty.</summary>
    public required ImmutableArray<UpstreamBackend> Backends { get; init; }

    /// <summary>How a pool picks the backend of each attempt (<c>balance</c>).</summary>
    public Balance Balance { get; init; } = Balance.FirstAvailable;

    /// <summary>The first backend's base URL without a trailing slash; its path prefix is kept (<c>http://vmselect:8481/select/0/prometheus</c>).
    /// Requests are built on it; a pool rewrites it to the backend of each attempt.</summary>
    public string UpstreamBase => Backends[0].Base;

    /// <summary>The first backend's scheme, host and port (<c>http://vmselect:8481</c>).</summary>
    public string UpstreamOrigin => Backends[0].Origin;

    /// <summary>Whether <c>prom</c> lists more than one backend.</summary>
    public bool IsPool => Backends.Length > 1;

    public required ReceiverScope Scope { get => _scope; init => _scope = value; }

    private ReceiverScope _scope = null!;

    /// <summary>This receiver with the scope of one authenticated client (a user's labels, a token's claims).</summary>
    public Receiver WithScope(ReceiverScope scope)
    {
        var copy = (Receiver)MemberwiseClone();
        copy._scope = scope;
        return copy;
    }

    /// <summary>Bcrypt users and/or a token identity (<c>auth.users</c>, <c>auth.identity</c>); null for the original forms.</summary>
    public Identity.ClientAuthentication? Authentication { get; init; }

    /// <summary>The Basic credentials clients must send (<c>auth</c>, or <c>prom_auth</c> with <c>auth: preserve</c>); null when open.</summary>
    public BasicCredentials? ClientCredentials { get; init; }

    /// <summary>The <c>Authorization</c> header value sent upstream (<c>prom_auth</c>), or null.</summary>
    public string? UpstreamAuthorization { get; init; }

    /// <summary>Extra upstream headers (<c>headers</c>).</summary>
    public ImmutableArray<KeyValuePair<string, string>> Headers { get; init; } = [];

    public bool Verify { get; init; } = true;

    public X509Certificate2? ClientCertificate { get; init; }

    public required TimeSpan Timeout { get; init; }

    /// <summary>The most requests served at once for this receiver (<c>max_concurrent</c>); beyond it, 429.</summary>
    public required int MaxConcurrent { get; init; }

    /// <summary>The limits on what one request may ask of the backend, and on the request rate (global values, overridden per receiver).</summary>
    public Guards Guards { get; init; } = Guards.Default;

    /// <summary>The Alertmanager base URL without a trailing slash (its path prefix kept), or null when the receiver has none.</summary>
    public string? AlertmanagerBase { get; init; }

    /// <summary>
    /// Whether <c>prom_auth</c> and <c>headers</c> also go to the Alertmanager: only when it has the same origin as the
    /// upstream (Mimir, Cortex), so that the upstream's credentials never reach another host.
    /// </summary>
    public bool AlertmanagerSharesCredentials { get; init; }
}
