using System.Collections.Frozen;

namespace Hesione.Server.Configuration;

/// <summary>One entry of <c>identities</c> as read: how a signed token is verified.</summary>
internal sealed record IdentitySettings(
    [Required] string? Issuer,
    TextList? Audience,
    string? JwksUrl,
    string? JwksFile,
    string? Header,
    TextList? Algorithms,
    TimeSpan? ClockSkew) : Settings
{
    /// <summary>Every algorithm <c>algorithms</c> may name: asymmetric signatures only (never <c>none</c>, never HMAC).</summary>
    public static readonly FrozenSet<string> AsymmetricAlgorithms = FrozenSet.Create(StringComparer.Ordinal,
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);
}
