namespace Hesione.Server.Authentication;

/// <summary>Why a token was refused: the <c>reason</c> label of <c>hesione_token_refusals_total</c> (a fixed set).</summary>
internal static class TokenRefusal
{
    public const string Missing = "missing";
    public const string Malformed = "malformed";
    public const string Algorithm = "algorithm";
    public const string UnknownKid = "unknown_kid";
    public const string Signature = "signature";
    public const string Expired = "expired";
    public const string NoExpiration = "no_expiration";
    public const string NotYetValid = "not_yet_valid";
    public const string Issuer = "issuer";
    public const string Audience = "audience";
    public const string Invalid = "invalid";

    /// <summary>The token is valid but no scope can be made of its claims (no rule holds, a claim missing or unusable).</summary>
    public const string NoScope = "no_scope";
}
