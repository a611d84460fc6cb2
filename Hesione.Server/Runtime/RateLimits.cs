using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Threading.RateLimiting;
using Hesione.Server.Configuration;
using Hesione.Server.Plan;

namespace Hesione.Server.Runtime;

/// <summary>
/// The token buckets of one config snapshot, one per receiver with a <c>rate_limit</c>: <c>burst</c> tokens to start
/// with, one more every 1/<c>requests_per_second</c> seconds. Tokens are added when a request asks for one (no timer
/// runs), so a retired config leaves nothing running. A reload starts every bucket full.
/// </summary>
internal sealed class RateLimits : IDisposable
{
    private readonly FrozenDictionary<string, TokenBucketRateLimiter> _buckets;

    public RateLimits(ImmutableArray<Receiver> receivers)
    {
        _buckets = receivers
            .Where(r => r.Guards.RateLimit is not null)
            .ToFrozenDictionary(r => r.Name, r => Bucket(r.Guards.RateLimit!), StringComparer.Ordinal);
    }

    /// <summary>
    /// Takes a token of <paramref name="receiver"/>'s bucket: null when it had one (or has no rate limit), otherwise
    /// how long to wait for the next, in whole seconds rounded up.
    /// </summary>
    public int? TryAcquire(Receiver receiver)
    {
        if (!_buckets.TryGetValue(receiver.Name, out var bucket)) return null;
        bucket.TryReplenish();
        using var lease = bucket.AttemptAcquire();
        if (lease.IsAcquired) return null;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : bucket.ReplenishmentPeriod;
        return (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values) bucket.Dispose();
    }

    private static TokenBucketRateLimiter Bucket(RateLimit limit) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = limit.Burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1 / limit.RequestsPerSecond),
        AutoReplenishment = false,
        QueueLimit = 0,
    });
}
