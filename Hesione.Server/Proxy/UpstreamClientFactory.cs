using Hesione.Server.Config;

namespace Hesione.Server.Proxy;

/// <summary>
/// Named upstream clients from IHttpClientFactory: one name per receiver, client kind and config generation
/// (<c>team-a/proxy/3</c>), so that a reloaded receiver gets handlers built from its new settings while requests of
/// the previous generation finish on theirs. Each handler is a <see cref="SocketsHttpHandler"/> kept alive and pooled,
/// without redirects, cookies, automatic decompression or proxy, with the receiver's TLS settings; proxied requests
/// go through a Polly retry handler (<see cref="RetryPolicy"/>). The settings of each name are in <see cref="UpstreamClientNames"/>.
/// </summary>
internal sealed class UpstreamClientFactory(IHttpClientFactory factory, UpstreamClientNames names)
{
    private long _generation;

    /// <summary>The clients of <paramref name="receiver"/> for a new config generation.</summary>
    public UpstreamClients Create(Receiver receiver, int retries, long generation)
    {
        var proxyName = $"{receiver.Name}/proxy/{generation}";
        var healthName = $"{receiver.Name}/health/{generation}";
        names.Register(proxyName, receiver, retries);
        names.Register(healthName, receiver, retries: -1);
        var proxy = factory.CreateClient(proxyName);
        var health = factory.CreateClient(healthName);
        return new UpstreamClients(proxy, health, () =>
        {
            names.Forget(proxyName);
            names.Forget(healthName);
        });
    }

    /// <summary>A number for the next config generation.</summary>
    public long NextGeneration() => Interlocked.Increment(ref _generation);
}
