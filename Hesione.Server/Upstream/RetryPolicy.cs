using System.Net;
using Polly;

namespace Hesione.Server.Upstream;

/// <summary>
/// Upstream retries: jittered exponential backoff, only for connection failures and 502/503/504, and
/// only for requests marked <see cref="IdempotentRead"/>. In a pool (several backends) each retry goes at once to the
/// next backend (<see cref="Pools.PoolRoutingHandler"/>), an attempt that timed out is retried too, and there are at
/// least as many retries as backends: each backend is tried once at most, and when every one failed the last retry
/// finds none left (<see cref="Pools.PoolExhaustedException"/>), so the answer is 502 <c>unavailable</c>.
/// </summary>
internal static class RetryPolicy
{
    /// <summary>Set on a request that only reads, so that sending it again is harmless.</summary>
    public static readonly HttpRequestOptionsKey<bool> IdempotentRead = new("hesione.idempotent-read");

    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);
    private static readonly IAsyncPolicy<HttpResponseMessage> None = Policy.NoOpAsync<HttpResponseMessage>();

    public static Func<HttpRequestMessage, IAsyncPolicy<HttpResponseMessage>> Selector(int retries, int backends)
    {
        var failures = Policy<HttpResponseMessage>
            .Handle<HttpRequestException>(static e => IsConnectionFailure(e) || e is Pools.BackendTimeoutException)
            .OrResult(static r => r.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout);
        var retry = backends > 1
            ? failures.RetryAsync(Math.Max(retries, backends))
            : failures.WaitAndRetryAsync(retries, Delay);
        return request => request.Options.TryGetValue(IdempotentRead, out var read) && read ? retry : None;
    }

    /// <summary>
    /// Refused, unresolvable, reset or closed before a response: the request never produced an answer.
    /// A reset after sending surfaces as <see cref="HttpRequestError.Unknown"/> with an <see cref="IOException"/> inside.
    /// </summary>
    internal static bool IsConnectionFailure(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ResponseEnded
        || e.InnerException is IOException or System.Net.Sockets.SocketException;

    /// <summary>100 ms, 200 ms, 400 ms... at most 2 s, each scaled by a random factor in [0.5, 1.5).</summary>
    internal static TimeSpan Delay(int attempt)
    {
        var exponential = BaseDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = exponential < MaxDelay ? exponential : MaxDelay;
        return capped * (0.5 + Random.Shared.NextDouble());
    }
}
