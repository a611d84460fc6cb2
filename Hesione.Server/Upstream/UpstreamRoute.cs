using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Hesione.Server.Configuration;

namespace Hesione.Server.Upstream;

/// <summary>
/// Everything the upstream side needs to know of one receiver: where its backends and Alertmanager are, how to reach
/// them (TLS, timeout, balance) and what to send them (headers, <c>Authorization</c>). Built with the receiver, which
/// holds it; immutable, shared by all requests. A class, not a record: each config load builds its own.
/// </summary>
internal sealed class UpstreamRoute
{
    /// <summary>The receiver's name, for logs and metrics.</summary>
    public required string Receiver { get; init; }

    /// <summary>The kind of backend, which says where it is probed for health.</summary>
    public required Flavor Flavor { get; init; }

    /// <summary>The backends (<c>prom</c>: one URL or a pool), in config order; never empty.</summary>
    public required ImmutableArray<UpstreamBackend> Backends { get; init; }

    /// <summary>How a pool picks the backend of each attempt (<c>balance</c>).</summary>
    public Balance Balance { get; init; } = Balance.FirstAvailable;

    /// <summary>The most an upstream call may take (<c>timeout</c>); in a pool, each attempt.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Extra upstream headers (<c>headers</c>).</summary>
    public ImmutableArray<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The <c>Authorization</c> header value sent upstream (<c>prom_auth</c>), or null.</summary>
    public string? Authorization { get; init; }

    /// <summary>Whether the backends' TLS certificates are verified (<c>verify</c>).</summary>
    public bool Verify { get; init; } = true;

    /// <summary>The TLS client certificate shown to the backends, or null.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The Alertmanager base URL without a trailing slash (its path prefix kept), or null when the receiver has none.</summary>
    public string? AlertmanagerBase { get; init; }

    /// <summary>
    /// Whether <c>prom_auth</c> and <c>headers</c> also go to the Alertmanager: only when it has the same origin as a
    /// backend (Mimir, Cortex), so that the backends' credentials never reach another host.
    /// </summary>
    public bool AlertmanagerSharesCredentials { get; init; }

    /// <summary>The first backend's base URL without a trailing slash; its path prefix is kept (<c>http://vmselect:8481/select/0/prometheus</c>).
    /// Requests are built on it; a pool rewrites it to the backend of each attempt.</summary>
    public string Base => Backends[0].Base;

    /// <summary>Whether <c>prom</c> lists more than one backend.</summary>
    public bool IsPool => Backends.Length > 1;
}
