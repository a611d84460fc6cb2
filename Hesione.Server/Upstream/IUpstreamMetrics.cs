using Hesione.Server.Upstream.Pools;

namespace Hesione.Server.Upstream;

/// <summary>What the upstream side counts (implemented by the proxy's metrics, so that this namespace depends on no exporter).</summary>
internal interface IUpstreamMetrics
{
    /// <summary>One call to <paramref name="upstream"/> (<c>prometheus</c> or <c>alertmanager</c>) of <paramref name="receiver"/> took <paramref name="duration"/>.</summary>
    void Upstream(string receiver, string upstream, TimeSpan duration);

    /// <summary>Counts the attempts on one backend of a pool, by outcome.</summary>
    Action<AttemptOutcome> UpstreamAttempts(string receiver, string upstream);
}
