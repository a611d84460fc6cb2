using Hesione.PromQL.Parsing;
using Hesione.Server.Authentication;
using Hesione.Server.Configuration;
using Hesione.Server.Enforcement;

namespace Hesione.Server.Plan;

/// <summary>
/// The last stage of loading a config: validated settings and the files they name become the runtime plan, a
/// <see cref="ProxyConfig"/> whose receivers share one <see cref="EnforcementCache"/>. Defaults are applied here.
/// </summary>
internal static class PlanCompiler
{
    public static ProxyConfig Compile(ProxySettings settings, ConfigFiles files, IReadOnlyList<string> warnings)
    {
        var parserOptions = PromQLParserOptions.Default;
        if (settings.MaxQueryLength is { } length) parserOptions = parserOptions with { MaxQueryLength = (int)length };
        if (settings.MaxNestingDepth is { } depth) parserOptions = parserOptions with { MaxNestingDepth = (int)depth };
        var identities = (settings.Identities ?? []).ToDictionary(i => i.Name, i => IdentityCompiler.Compile(i.Name, i.Value, files), StringComparer.Ordinal);
        var defaults = new ReceiverDefaults(
            settings.RequestTimeout ?? ProxyConfig.DefaultRequestTimeout,
            (int)(settings.MaxConcurrent ?? ProxyConfig.DefaultMaxConcurrent),
            GuardsOf(settings.Guards, Guards.Default),
            parserOptions,
            new EnforcementCache(),
            identities);
        return new ProxyConfig
        {
            Listen = settings.Listen,
            InternalListen = settings.InternalListen,
            TlsCertificate = files.CertificateOf(TlsRule.Of(settings)),
            MaxBodyBytes = settings.MaxBodyBytes ?? ProxyConfig.DefaultMaxBodyBytes,
            Retries = (int)(settings.Retries ?? ProxyConfig.DefaultRetries),
            MaxResponseBytes = (int)(settings.MaxResponseBytes ?? ProxyConfig.DefaultMaxResponseBytes),
            MaxConnections = (int?)settings.MaxConnections,
            RequestHeadersTimeout = settings.RequestHeadersTimeout ?? ProxyConfig.DefaultRequestHeadersTimeout,
            KeepAliveTimeout = settings.KeepAliveTimeout ?? ProxyConfig.DefaultKeepAliveTimeout,
            ParserOptions = parserOptions,
            Receivers = [.. settings.Receivers!.Select(receiver => ReceiverCompiler.Compile(receiver, defaults, files))],
            Warnings = [.. warnings],
        };
    }

    /// <summary>The guards of <paramref name="settings"/>, each key not given taken from <paramref name="defaults"/>.</summary>
    public static Guards GuardsOf(GuardSettings settings, Guards defaults) => new(
        settings.MaxRange is { } range ? (range == TimeSpan.Zero ? null : range) : defaults.MaxRange,
        settings.MaxPoints ?? defaults.MaxPoints,
        settings.RateLimit is { RequestsPerSecond: { } rate } limit ? new RateLimit(rate, (int)(limit.Burst ?? (long)Math.Max(1, Math.Ceiling(rate)))) : defaults.RateLimit);
}

/// <summary>What every receiver takes from the top level of the config.</summary>
internal sealed class ReceiverDefaults(
    TimeSpan timeout, int maxConcurrent, Guards guards, PromQLParserOptions parserOptions, EnforcementCache cache, IReadOnlyDictionary<string, TokenIdentity> identities)
{
    public TimeSpan Timeout { get; } = timeout;

    public int MaxConcurrent { get; } = maxConcurrent;

    public Guards Guards { get; } = guards;

    public PromQLParserOptions ParserOptions { get; } = parserOptions;

    /// <summary>The one cache of enforced queries all receivers of this config share.</summary>
    public EnforcementCache Cache { get; } = cache;

    /// <summary>The compiled <c>identities</c>, by name.</summary>
    public IReadOnlyDictionary<string, TokenIdentity> Identities { get; } = identities;
}
