using System.Collections.Frozen;
using Hesione.Server.Plan;
using Hesione.Server.Upstream;

namespace Hesione.Server.Runtime;

/// <summary>
/// One loaded config with the upstream clients of its receivers: immutable, shared by every request that started
/// while it was current. Reference-counted: the live holder owns one lease and each request one more; the
/// clients are disposed when the last lease goes, so a reload never disposes a handler under a request in flight.
/// Nothing outside it refers to it or to its clients, so a retired snapshot is collected once drained.
/// </summary>
internal sealed class ProxySnapshot
{
    private readonly FrozenDictionary<string, UpstreamClients> _clients;
    private int _leases = 1;

    public ProxySnapshot(ProxyConfig config, UpstreamClientFactory clients)
    {
        Config = config;
        _clients = config.Receivers.ToFrozenDictionary(r => r.Name, r => clients.Create(r.Upstream, config.Retries), StringComparer.Ordinal);
        Probes = new BackendProbes(config.Receivers, ProbeAsync, TimeProvider.System);
        RateLimits = new RateLimits(config.Receivers);
    }

    public ProxyConfig Config { get; }

    /// <summary>The cached health of the receivers' backends.</summary>
    public BackendProbes Probes { get; }

    /// <summary>The receivers' token buckets (<c>rate_limit</c>).</summary>
    public RateLimits RateLimits { get; }

    /// <summary>The clients of <paramref name="receiver"/> (a receiver of <see cref="Config"/>).</summary>
    public UpstreamClients ClientsOf(Receiver receiver) => _clients[receiver.Name];

    private Task<int?> ProbeAsync(Receiver receiver, int backend) => ReadinessProbe.ProbeAsync(receiver.Upstream, receiver.Upstream.Backends[backend], ClientsOf(receiver).Health);

    /// <summary>Takes a lease unless the snapshot is already retired and drained.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var leases = Volatile.Read(ref _leases);
            if (leases == 0) return false;
            if (Interlocked.CompareExchange(ref _leases, leases + 1, leases) == leases) return true;
        }
    }

    /// <summary>Returns a lease; the last one disposes the clients.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) != 0) return;
        foreach (var clients in _clients.Values) clients.Dispose();
        RateLimits.Dispose();
    }
}
