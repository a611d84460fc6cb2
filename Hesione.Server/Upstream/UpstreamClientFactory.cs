using System.Net;
using System.Security.Cryptography.X509Certificates;
using Hesione.Server.Upstream.Pools;
using Microsoft.Extensions.Http;

namespace Hesione.Server.Upstream;

/// <summary>
/// Builds the upstream handlers of one receiver for one config snapshot, which owns and disposes them (no registry
/// outside the snapshot keeps them, or the receiver they were built from): a <see cref="SocketsHttpHandler"/> kept
/// alive and pooled, without redirects, cookies, automatic decompression or proxy, with the receiver's TLS settings;
/// proxied requests go through a Polly retry handler (<see cref="RetryPolicy"/>) in front of it, health probes
/// straight to it. A pool's chain has its <see cref="PoolRoutingHandler"/> (which picks the backend of each attempt)
/// between the two, and its backends share the handler (its connection pools are per backend inside it); a single
/// URL's chain is the same as before pools, so that it costs no more.
/// </summary>
internal sealed class UpstreamClientFactory(IUpstreamMetrics? metrics = null)
{
    /// <summary>The clients of a receiver's <paramref name="route"/>, retrying idempotent reads <paramref name="retries"/> times (in a pool, at least once per backend).</summary>
    public UpstreamClients Create(UpstreamRoute route, int retries)
    {
        var connections = CreateHandler(route);
        var retrying = new PolicyHttpMessageHandler(RetryPolicy.Selector(retries, route.Backends.Length));
        if (!route.IsPool)
        {
            retrying.InnerHandler = connections;
            return new UpstreamClients(connections, retrying, pool: null);
        }
        var pool = new UpstreamPool(route, TimeProvider.System, metrics);
        retrying.InnerHandler = new PoolRoutingHandler(pool, route.Timeout) { InnerHandler = connections };
        return new UpstreamClients(connections, retrying, pool);
    }

    private static SocketsHttpHandler CreateHandler(UpstreamRoute route)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = route.Timeout < TimeSpan.FromSeconds(10) ? route.Timeout : TimeSpan.FromSeconds(10),
        };
        if (!route.Verify) handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        if (route.ClientCertificate is { } certificate) handler.SslOptions.ClientCertificates = new X509CertificateCollection { certificate };
        return handler;
    }
}
