namespace Hesione.Server.Proxy;

/// <summary>
/// The HttpClients of one receiver in one config snapshot, made by <see cref="UpstreamClientFactory"/> through
/// IHttpClientFactory: one for proxied requests (with the retry policy) and one for health probes (no retries).
/// Disposing them forgets the snapshot's client names; the factory retires the pooled handlers once no client uses them.
/// </summary>
internal sealed class UpstreamClients(HttpClient proxy, HttpClient health, Action forget) : IDisposable
{
    /// <summary>The client for proxied requests (Prometheus and Alertmanager), with retries for idempotent reads.</summary>
    public HttpClient Proxy { get; } = proxy;

    /// <summary>The client for health probes, without retries.</summary>
    public HttpClient Health { get; } = health;

    public void Dispose()
    {
        Proxy.Dispose();
        Health.Dispose();
        forget();
    }
}
