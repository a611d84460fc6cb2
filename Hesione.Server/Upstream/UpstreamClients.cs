using Hesione.Server.Upstream.Pools;

namespace Hesione.Server.Upstream;

/// <summary>
/// The HttpClients of one receiver in one config snapshot, made by <see cref="UpstreamClientFactory"/>: one for
/// proxied requests (through the retry handler and the backend pool's router) and one for health probes (no retries),
/// sharing one connection pool.
/// The snapshot disposes them when its last request ends, closing the pool's connections.
/// </summary>
internal sealed class UpstreamClients(SocketsHttpHandler connections, DelegatingHandler retrying, UpstreamPool? pool) : IDisposable
{
    /// <summary>The backends of a pool, their health and load; null for a receiver with one URL.</summary>
    public UpstreamPool? Pool { get; } = pool;

    /// <summary>The client for proxied requests (Prometheus and Alertmanager), with retries for idempotent reads.</summary>
    public HttpClient Proxy { get; } = new(retrying, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The client for health probes, without retries.</summary>
    public HttpClient Health { get; } = new(connections, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };

    public void Dispose()
    {
        Proxy.Dispose();
        Health.Dispose();
        retrying.Dispose(); // and the router and connection handler inside it
    }
}
