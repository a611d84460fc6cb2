using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hesione.Tests.Identity;

/// <summary>A signing key made for a test (RSA or ECDSA P-256), its public JWK, and tokens signed with it.</summary>
internal sealed class TestKey
{
    private readonly SigningCredentials _credentials;
    private readonly SigningCredentials _withoutKid;

    private TestKey(string kid, AsymmetricSecurityKey key, AsymmetricSecurityKey keyWithoutKid, string algorithm, JsonWebKey publicJwk)
    {
        Kid = kid;
        _credentials = new SigningCredentials(key, algorithm);
        _withoutKid = new SigningCredentials(keyWithoutKid, algorithm);
        PublicJwk = publicJwk;
    }

    public string Kid { get; }

    public JsonWebKey PublicJwk { get; }

    public static TestKey Rsa(string kid, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var rsa = RSA.Create(2048);
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = kid });
        return new TestKey(kid, new RsaSecurityKey(rsa) { KeyId = kid }, new RsaSecurityKey(rsa), algorithm, jwk);
    }

    public static TestKey Ecdsa(string kid)
    {
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ecdsa.ExportParameters(false))) { KeyId = kid });
        return new TestKey(kid, new ECDsaSecurityKey(ecdsa) { KeyId = kid }, new ECDsaSecurityKey(ecdsa), SecurityAlgorithms.EcdsaSha256, jwk);
    }

    /// <summary>A JWKS document of the public keys of <paramref name="keys"/>.</summary>
    public static string Jwks(params TestKey[] keys) =>
        JsonSerializer.Serialize(new { keys = keys.Select(k => new { kty = k.PublicJwk.Kty, kid = k.Kid, use = "sig", n = k.PublicJwk.N, e = k.PublicJwk.E, crv = k.PublicJwk.Crv, x = k.PublicJwk.X, y = k.PublicJwk.Y }) },
            new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });

    /// <summary>A token of exactly this payload JSON, signed with this key.</summary>
    public string SignPayload(string payloadJson, bool withKid = true) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(payloadJson, withKid ? _credentials : _withoutKid);

    /// <summary>A token signed with this key; <paramref name="claims"/> holds everything but the standard times (set from the offsets).</summary>
    public string Sign(string issuer, string? audience, IDictionary<string, object> claims, TimeSpan? expiresIn = null, TimeSpan? notBeforeIn = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now + (notBeforeIn ?? TimeSpan.FromMinutes(-1)),
            Expires = now + (expiresIn ?? TimeSpan.FromMinutes(10)),
            SigningCredentials = _credentials,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}

/// <summary>Tokens no honest issuer makes: unsigned, HMAC-signed with a public key, a payload changed after signing.</summary>
internal static class ForgedTokens
{
    public static string B64(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));

    public static string HeaderOf(string token) => Base64UrlEncoder.Decode(token.Split('.')[0]);

    public static string PayloadOf(string token) => Base64UrlEncoder.Decode(token.Split('.')[1]);

    /// <summary>The same claims as <paramref name="token"/> with <c>alg: none</c> and no signature.</summary>
    public static string AlgNone(string token, string kid) => $"{B64($"{{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"{kid}\"}}")}.{token.Split('.')[1]}.";

    /// <summary>The claims of <paramref name="token"/> signed HS256 with the bytes of <paramref name="publicKeyText"/> (the classic key confusion).</summary>
    public static string Hs256WithPublicKey(string token, string kid, string publicKeyText)
    {
        var signed = $"{B64($"{{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"{kid}\"}}")}.{token.Split('.')[1]}";
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(publicKeyText), Encoding.ASCII.GetBytes(signed));
        return signed + "." + Base64UrlEncoder.Encode(mac);
    }

    /// <summary><paramref name="token"/> with its payload replaced (the signature kept).</summary>
    public static string Tampered(string token, string payloadJson)
    {
        var parts = token.Split('.');
        return $"{parts[0]}.{B64(payloadJson)}.{parts[2]}";
    }
}
