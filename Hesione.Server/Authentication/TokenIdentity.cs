using System.Collections.Frozen;
using System.Collections.Immutable;
using Microsoft.IdentityModel.Tokens;

namespace Hesione.Server.Authentication;

/// <summary>
/// One entry of <c>identities</c>: how a signed token (JWT) is verified. Its keys come from a JWKS URL (fetched and
/// cached by <see cref="JwksCache"/>) or from a JWKS file read at config load. Immutable.
/// </summary>
internal sealed class TokenIdentity
{
    /// <summary>The algorithms accepted when <c>algorithms</c> is not set.</summary>
    public static readonly ImmutableArray<string> DefaultAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256];

    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromSeconds(30);

    public required string Name { get; init; }

    /// <summary>The only accepted <c>iss</c>.</summary>
    public required string Issuer { get; init; }

    /// <summary>When not empty, <c>aud</c> must hold one of these.</summary>
    public ImmutableArray<string> Audiences { get; init; } = [];

    /// <summary>Where the keys are fetched from, or null when they come from <see cref="FileKeys"/>.</summary>
    public Uri? JwksUrl { get; init; }

    /// <summary>The keys of <c>jwks_file</c>, read at config load; empty with <see cref="JwksUrl"/>.</summary>
    public ImmutableArray<SecurityKey> FileKeys { get; init; } = [];

    /// <summary>The request header the token comes in.</summary>
    public string Header { get; init; } = "Authorization";

    /// <summary>Whether the token follows <c>Bearer </c> (always for <c>Authorization</c>); otherwise the header value is the token.</summary>
    public bool IsBearer => Header.Equals("Authorization", StringComparison.OrdinalIgnoreCase);

    public FrozenSet<string> Algorithms { get; init; } = DefaultAlgorithms.ToFrozenSet(StringComparer.Ordinal);

    public TimeSpan ClockSkew { get; init; } = DefaultClockSkew;
}
