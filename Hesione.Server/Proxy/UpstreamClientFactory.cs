using System.Net;
using System.Security.Cryptography.X509Certificates;
using Hesione.Server.Observability;
using Hesione.Server.Plan;
using Hesione.Server.Pools;
using Microsoft.Extensions.Http;

namespace Hesione.Server.Proxy;

/// <summary>
/// Builds the upstream handlers of one receiver for one config snapshot, which owns and disposes them (no registry
/// outside the snapshot keeps them, or the receiver they were built from): a <see cref="SocketsHttpHandler"/> kept
/// alive and pooled, without redirects, cookies, automatic decompression or proxy, with the receiver's TLS settings;
/// proxied requests go through a Polly retry handler (<see cref="RetryPolicy"/>) in front of it, health probes
/// straight to it. A pool's chain has its <see cref="PoolRoutingHandler"/> (which picks the backend of each attempt)
/// between the two, and its backends share the handler (its connection pools are per backend inside it); a single
/// URL's chain is the same as before pools, so that it costs no more.
/// </summary>
internal sealed class UpstreamClientFactory(ProxyMetrics? metrics = null)
{
    /// <summary>The clients of <paramref name="receiver"/>, retrying idempotent reads <paramref name="retries"/> times (in a pool, at least once per backend).</summary>
    public UpstreamClients Create(Receiver receiver, int retries)
    {
        var connections = CreateHandler(receiver);
        var retrying = new PolicyHttpMessageHandler(RetryPolicy.Selector(retries, receiver.Backends.Length));
        if (!receiver.IsPool)
        {
            retrying.InnerHandler = connections;
            return new UpstreamClients(connections, retrying, pool: null);
        }
        var pool = new UpstreamPool(receiver, TimeProvider.System, metrics);
        retrying.InnerHandler = new PoolRoutingHandler(pool, receiver.Timeout) { InnerHandler = connections };
        return new UpstreamClients(connections, retrying, pool);
    }

    private static SocketsHttpHandler CreateHandler(Receiver receiver)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = receiver.Timeout < TimeSpan.FromSeconds(10) ? receiver.Timeout : TimeSpan.FromSeconds(10),
        };
        if (!receiver.Verify) handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        if (receiver.ClientCertificate is { } certificate) handler.SslOptions.ClientCertificates = new X509CertificateCollection { certificate };
        return handler;
    }
}
