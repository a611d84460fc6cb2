namespace Hesione.Server.Configuration;

/// <summary>The whole <c>config.yml</c> as read: the top-level keys, values as given (defaults are the plan's).</summary>
internal sealed record ProxySettings(
    string? Listen,
    string? InternalListen,
    TlsSettings? Tls,
    TlsSettings? ProxySsl,
    [Integer(1, int.MaxValue)] long? MaxBodyBytes,
    TimeSpan? RequestTimeout,
    [Integer(0, 10)] long? Retries,
    [Integer(1, 16 * 1024 * 1024)] long? MaxQueryLength,
    [Integer(1, 10_000)] long? MaxNestingDepth,
    [Integer(1, ProxySettings.MaxConcurrentLimit)] long? MaxConcurrent,
    [Integer(1024, int.MaxValue)] long? MaxResponseBytes,
    [Integer(1, ProxySettings.MaxConnectionsLimit)] long? MaxConnections,
    TimeSpan? RequestHeadersTimeout,
    TimeSpan? KeepAliveTimeout,
    [Inline] GuardSettings Guards,
    [Names("an identity name")] ValueList<Named<IdentitySettings>>? Identities,
    [Required("missing: at least one receiver is needed"), NotEmpty("at least one receiver is needed")] ValueList<ReceiverSettings>? Receivers) : Settings
{
    public const int MaxConcurrentLimit = 100_000;
    public const int MaxConnectionsLimit = 10_000_000;
}

/// <summary><c>tls</c> (or the original <c>proxy_ssl</c>): the PEM files of the HTTPS listener, relative to the config file.</summary>
internal sealed record TlsSettings(string? Cert, string? Key) : Settings;

/// <summary><c>max_range</c>, <c>max_points</c> and <c>rate_limit</c>, at the top level (defaults) or in a receiver (overrides).</summary>
/// <param name="MaxRange">Zero for no limit.</param>
internal sealed record GuardSettings(
    [ZeroMeansNoLimit] TimeSpan? MaxRange,
    [Integer(1, int.MaxValue)] long? MaxPoints,
    RateLimitSettings? RateLimit) : Settings;

/// <summary><c>rate_limit</c>: a token bucket; <c>burst</c> defaults to the rate rounded up.</summary>
internal sealed record RateLimitSettings(
    [Required, Number(RateLimitSettings.MinRequestsPerSecond, RateLimitSettings.MaxRequestsPerSecond)] double? RequestsPerSecond,
    [Integer(1, RateLimitSettings.MaxBurst)] long? Burst) : Settings
{
    public const double MinRequestsPerSecond = 0.001;
    public const double MaxRequestsPerSecond = 1_000_000;
    public const int MaxBurst = 1_000_000;
}
