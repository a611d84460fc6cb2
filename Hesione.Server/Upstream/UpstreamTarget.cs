namespace Hesione.Server.Upstream;

/// <summary>Which of a receiver's upstreams a request goes to.</summary>
internal enum UpstreamTarget
{
    /// <summary>Its backends (<c>prom</c>), through the retry policy and, for a pool, the router.</summary>
    Backends,

    /// <summary>Its Alertmanager (<c>alertmanager</c>).</summary>
    Alertmanager,

    /// <summary>One backend's health endpoint (a readiness probe, without retries).</summary>
    Probe,
}

internal static class UpstreamTargets
{
    /// <summary>The upstream's name in logs and in the <c>upstream</c> label of <c>hesione_upstream_duration_seconds</c>.</summary>
    public static string Name(this UpstreamTarget target) => target == UpstreamTarget.Alertmanager ? "alertmanager" : "prometheus";
}
