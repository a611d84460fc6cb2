using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Hesione.Server.Connections;

/// <summary>
/// What client connections may hold of the process, so that a flood of idle or half-open connections (which need no
/// credentials) cannot take the descriptors and memory that other clients, upstream connections and the runtime need:
/// at most <see cref="MaxConnections"/> at once (beyond it a new connection is reset at once), request headers
/// complete within <c>request_headers_timeout</c> (10 s), an idle keep-alive connection closed after
/// <c>keep_alive_timeout</c> (75 s: nginx's default; Grafana keeps idle connections 90 s), request bodies sent at
/// <see cref="MinimumBodyRate"/> at least.
/// </summary>
/// <remarks>
/// Descriptors must never run out: the .NET runtime opens files to start a thread (a pipe, and the thread's
/// <c>/proc/self/task/ID/comm</c> to name it) and to load an assembly, so out of descriptors the thread pool fails to
/// add a worker with an <see cref="OutOfMemoryException"/> it does not catch and the process aborts
/// ("Out of memory."), and a static constructor that failed to load its assembly stays failed.
/// </remarks>
internal static class ClientConnectionLimits
{
    /// <summary>Descriptors always kept apart from client connections.</summary>
    public const int MinimumReserve = 64;

    /// <summary>A request body slower than 240 bytes/s after its first 5 s is cut (Kestrel's default, stated here).</summary>
    public static readonly MinDataRate MinimumBodyRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

    /// <summary>Descriptors kept for upstream connections, the config file and its watcher, logs and the runtime under <paramref name="limit"/>.</summary>
    public static long Reserve(long limit) => Math.Max(MinimumReserve, limit / 4);

    /// <summary>
    /// The most client connections the descriptors allow: the soft limit (raised to the hard one first, see
    /// <see cref="DescriptorLimit.RaiseSoftToHard"/>), less the descriptors open when the proxy
    /// starts (runtime, assemblies, log), less <see cref="Reserve"/>; at least 1. Null when the limit is unknown or unlimited.
    /// </summary>
    public static int? Budget(long? softLimit, int inUse) =>
        softLimit is { } limit ? (int)Math.Clamp(limit - inUse - Reserve(limit), 1, int.MaxValue) : null;

    /// <summary><c>max_connections</c> when set and within <paramref name="budget"/>, otherwise the budget (null: unbounded).</summary>
    public static int? MaxConnections(int? configured, int? budget) =>
        configured is { } value && budget is { } most ? Math.Min(value, most) : configured ?? budget;

    /// <summary>Kestrel's limits; the connection bound itself is kept by the transport (<see cref="GuardedSocketListener"/>).</summary>
    public static void Apply(KestrelServerLimits limits, TimeSpan requestHeadersTimeout, TimeSpan keepAliveTimeout)
    {
        // The proxy upgrades no connection (no WebSocket, no h2c).
        limits.MaxConcurrentUpgradedConnections = 0;
        limits.RequestHeadersTimeout = requestHeadersTimeout;
        limits.KeepAliveTimeout = keepAliveTimeout;
        limits.MinRequestBodyDataRate = MinimumBodyRate;
    }
}
