namespace Hesione.Server.Configuration;

/// <summary>
/// The limits that protect the shared backend from one receiver: global defaults, each overridable per receiver.
/// </summary>
/// <param name="MaxRange">
/// The longest time window a request may ask for (<c>max_range</c>): the <c>start</c>..<c>end</c> of range queries,
/// series, labels, label values and exemplars, and the longest range selector or subquery window (plus offset) in a
/// query; null for no limit.
/// </param>
/// <param name="MaxPoints">The most points per series a range query may ask for, (end − start) / step (<c>max_points</c>).</param>
/// <param name="RateLimit">The receiver's request rate (<c>rate_limit</c>), or null for no limit.</param>
internal sealed record Guards(TimeSpan? MaxRange, long MaxPoints, RateLimit? RateLimit)
{
    /// <summary>Prometheus's own bound on points per series, the default of <c>max_points</c>.</summary>
    public const long DefaultMaxPoints = 11_000;

    /// <summary>No <c>max_range</c>, 11,000 points, no rate limit.</summary>
    public static readonly Guards Default = new(null, DefaultMaxPoints, null);
}

/// <summary>A token bucket (<c>rate_limit</c>): <paramref name="RequestsPerSecond"/> tokens a second, at most <paramref name="Burst"/> saved up.</summary>
internal sealed record RateLimit(double RequestsPerSecond, int Burst);
