using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Hesione.PromQL.Parsing;

namespace Hesione.Server.Plan;

/// <summary>
/// The runtime plan of a <c>config.yml</c>, compiled from its validated settings (<see cref="PlanCompiler"/>). A class,
/// not a record: each load is its own snapshot (its receivers own clients and caches), so two loads are never the same
/// config, and equality is identity.
/// </summary>
internal sealed class ProxyConfig
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;
    public const int DefaultRetries = 2;
    public const int DefaultMaxConcurrent = 64;
    public const int DefaultMaxResponseBytes = 64 * 1024 * 1024;
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultRequestHeadersTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultKeepAliveTimeout = TimeSpan.FromSeconds(75);

    /// <summary>The <c>listen</c> address from the file, if any (<c>--listen</c> overrides it).</summary>
    public string? Listen { get; init; }

    /// <summary>
    /// The <c>internal_listen</c> address from the file, if any (<c>--internal-listen</c> overrides it): when set,
    /// <c>/metrics</c>, <c>/health</c> and <c>/-/ready</c> are served only there.
    /// </summary>
    public string? InternalListen { get; init; }

    /// <summary>The certificate of an HTTPS listener (<c>tls</c> or the original <c>proxy_ssl</c>).</summary>
    public X509Certificate2? TlsCertificate { get; init; }

    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    public int Retries { get; init; } = DefaultRetries;

    /// <summary>The most bytes buffered of an upstream answer the proxy must filter (rules, alerts, metadata, Alertmanager); 502 above.</summary>
    public int MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    /// <summary>The configured bound on concurrent client connections (<c>max_connections</c>), or null for the default from the descriptor limit.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>How long a client has to send a request's headers, from its first byte (<c>request_headers_timeout</c>).</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = DefaultRequestHeadersTimeout;

    /// <summary>How long an idle keep-alive client connection is kept (<c>keep_alive_timeout</c>).</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = DefaultKeepAliveTimeout;

    public PromQLParserOptions ParserOptions { get; init; } = PromQLParserOptions.Default;

    public ImmutableArray<Receiver> Receivers { get; init; } = [];

    /// <summary>Advice that is not an error (an <c>http</c> JWKS URL, users with different bcrypt costs), shown by <c>check-config</c> and at start.</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>The receivers by name.</summary>
    public FrozenDictionary<string, Receiver> ReceiversByName => field ??= Receivers.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);
}
