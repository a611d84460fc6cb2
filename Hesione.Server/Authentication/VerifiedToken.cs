using System.Text.Json;

namespace Hesione.Server.Authentication;

/// <summary>A token whose signature, issuer, audience and lifetime were verified: its subject and its claims (the payload object).</summary>
internal sealed record VerifiedToken(string Subject, JsonElement Claims);

/// <summary>The outcome of verifying a token: a <see cref="VerifiedToken"/>, or the refusal reason (<see cref="TokenRefusal"/>).</summary>
internal readonly record struct TokenVerification(VerifiedToken? Token, string? Refusal)
{
    public static TokenVerification Refused(string reason) => new(null, reason);
}
