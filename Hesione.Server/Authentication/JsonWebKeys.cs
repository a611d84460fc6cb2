using System.Collections.Immutable;
using Microsoft.IdentityModel.Tokens;

namespace Hesione.Server.Authentication;

/// <summary>
/// Reads a JWKS document (<c>{"keys":[...]}</c>) and keeps only public signature keys of type RSA or EC. A symmetric
/// (<c>oct</c>) key is never kept: no token can then be verified as HMAC, whatever its header says.
/// </summary>
internal static class JsonWebKeys
{
    /// <summary>The largest JWKS document read (file or URL).</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    /// <summary>The signature keys of <paramref name="json"/>; throws <see cref="FormatException"/> when it is not a JWKS or holds none.</summary>
    public static ImmutableArray<SecurityKey> Parse(string json)
    {
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(json);
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new FormatException("not a JWKS document ({\"keys\": [...]})");
        }
        var keys = set.Keys.Where(IsPublicSignatureKey).Cast<SecurityKey>().ToImmutableArray();
        if (keys.IsEmpty) throw new FormatException("the JWKS holds no RSA or EC signature key");
        return keys;
    }

    private static bool IsPublicSignatureKey(JsonWebKey key) =>
        (key.Use is null || key.Use == JsonWebKeyUseNames.Sig)
        && key.K is null
        && key.Kty switch
        {
            JsonWebAlgorithmsKeyTypes.RSA => !string.IsNullOrEmpty(key.N) && !string.IsNullOrEmpty(key.E),
            JsonWebAlgorithmsKeyTypes.EllipticCurve => !string.IsNullOrEmpty(key.Crv) && !string.IsNullOrEmpty(key.X) && !string.IsNullOrEmpty(key.Y),
            _ => false,
        };
}
