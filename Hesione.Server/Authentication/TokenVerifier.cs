using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hesione.Server.Authentication;

/// <summary>
/// Verifies a token for a <see cref="TokenIdentity"/> with the Microsoft.IdentityModel token handler and explicit
/// parameters: an asymmetric algorithm of the identity's allow-list (checked before any key is looked up, and again
/// by the handler), a signature by one of the identity's RSA/EC keys (the one its <c>kid</c> names, when it names
/// one), the issuer, the audience when the identity has one, and <c>exp</c> (required) and <c>nbf</c> within the
/// identity's clock skew. Encrypted tokens are refused. The token is never logged.
/// </summary>
internal sealed class TokenVerifier(JwksCache jwks)
{
    /// <summary>The longest token read, in characters.</summary>
    public const int MaxTokenLength = 16 * 1024;

    private static readonly JsonWebTokenHandler Handler = new() { MaximumTokenSizeInBytes = MaxTokenLength, MapInboundClaims = false };

    public async Task<TokenVerification> VerifyAsync(TokenIdentity identity, string token, CancellationToken cancellationToken)
    {
        if (token.Length is 0 or > MaxTokenLength) return TokenVerification.Refused(TokenRefusal.Malformed);
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or JsonException or FormatException)
        {
            return TokenVerification.Refused(TokenRefusal.Malformed);
        }
        if (jwt.IsEncrypted) return TokenVerification.Refused(TokenRefusal.Malformed);
        if (!identity.Algorithms.Contains(jwt.Alg)) return TokenVerification.Refused(TokenRefusal.Algorithm);

        var kid = string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid;
        var keys = identity.JwksUrl is { } url ? await jwks.KeysAsync(url, kid, cancellationToken) : identity.FileKeys;
        if (kid is not null) keys = keys.Where(key => key.KeyId == kid).ToImmutableArray();
        if (keys.IsEmpty) return TokenVerification.Refused(TokenRefusal.UnknownKid);

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = identity.Issuer,
            ValidateIssuer = true,
            ValidateAudience = !identity.Audiences.IsEmpty,
            ValidAudiences = identity.Audiences,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = identity.ClockSkew,
            ValidAlgorithms = identity.Algorithms,
            IssuerSigningKeys = keys,
            TryAllIssuerSigningKeys = kid is null,
            ValidateIssuerSigningKey = false,
            SaveSigninToken = false,
        };
        TokenValidationResult result;
        try
        {
            result = await Handler.ValidateTokenAsync(jwt, parameters);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or JsonException or FormatException or CryptographicException or NotSupportedException)
        {
            return TokenVerification.Refused(TokenRefusal.Invalid);
        }
        if (!result.IsValid) return TokenVerification.Refused(ReasonOf(result.Exception));

        JsonElement claims;
        try
        {
            using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
            claims = payload.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return TokenVerification.Refused(TokenRefusal.Malformed);
        }
        if (claims.ValueKind != JsonValueKind.Object) return TokenVerification.Refused(TokenRefusal.Malformed);
        var subject = ClaimValues.Of(claims, "sub") is { Length: 1 } sub ? sub[0] : "-";
        return new TokenVerification(new VerifiedToken(subject, claims), null);
    }

    /// <summary>The refusal reason of a handler exception; subclasses before their base classes.</summary>
    private static string ReasonOf(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => TokenRefusal.Expired,
        SecurityTokenNotYetValidException => TokenRefusal.NotYetValid,
        SecurityTokenNoExpirationException => TokenRefusal.NoExpiration,
        SecurityTokenInvalidIssuerException => TokenRefusal.Issuer,
        SecurityTokenInvalidAudienceException => TokenRefusal.Audience,
        SecurityTokenInvalidAlgorithmException => TokenRefusal.Algorithm,
        SecurityTokenSignatureKeyNotFoundException => TokenRefusal.UnknownKid,
        SecurityTokenInvalidSignatureException => TokenRefusal.Signature,
        SecurityTokenMalformedException => TokenRefusal.Malformed,
        _ => TokenRefusal.Invalid,
    };
}
