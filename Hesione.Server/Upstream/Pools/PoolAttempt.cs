namespace Hesione.Server.Upstream.Pools;

/// <summary>
/// The pool's state of one upstream request across its attempts (the Polly retries): which backends were tried, the
/// path and query to send to each, and when the current attempt started. Made by whoever builds the request, used by
/// <see cref="PoolRoutingHandler"/>.
/// </summary>
internal sealed class PoolAttempt
{
    /// <summary>Marks a request as one to a receiver's backends (not to its Alertmanager).</summary>
    public static readonly HttpRequestOptionsKey<PoolAttempt> Key = new("hesione.pool-attempt");

    /// <summary>Backends tried so far, one bit each (a pool has at most <see cref="UpstreamPool.MaxBackends"/>).</summary>
    public ulong Tried { get; private set; }

    /// <summary>How many attempts were made.</summary>
    public int Count { get; private set; }

    /// <summary>The backend of the current attempt, or -1 before the first.</summary>
    public int Current { get; private set; } = -1;

    /// <summary>The request URL after the backend's base URL (path and query).</summary>
    public string? Suffix { get; set; }

    /// <summary>When the current attempt started (a <see cref="TimeProvider.System"/> timestamp).</summary>
    public long StartedAt { get; private set; }

    public bool HasTried(int backend) => (Tried & (1UL << backend)) != 0;

    public void Start(int backend)
    {
        Tried |= 1UL << backend;
        Current = backend;
        Count++;
        StartedAt = TimeProvider.System.GetTimestamp();
    }

    /// <summary>Attaches a fresh attempt state to <paramref name="request"/>, marking it as one to the receiver's backends.</summary>
    public static void Attach(HttpRequestMessage request) => request.Options.Set(Key, new PoolAttempt());

    public static PoolAttempt? Of(HttpRequestMessage request) => request.Options.TryGetValue(Key, out var attempt) ? attempt : null;
}
