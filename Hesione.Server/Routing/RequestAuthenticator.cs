using Hesione.Server.Authentication;
using Hesione.Server.Observability;
using Hesione.Server.Plan;
using Hesione.Server.PrometheusApi;

namespace Hesione.Server.Routing;

/// <summary>
/// Authenticates a request to a receiver with <c>users</c> or an <c>identity</c>. A token in the identity's header
/// decides alone: verified, it gets the scope of its claims (403 when there is none), refused, the request is refused
/// (401) and the reason counted; it never falls back to Basic. Without a token, a Basic header is checked against
/// the receiver's users (each with its own labels or the receiver's scope). Nothing of a token is logged.
/// </summary>
internal sealed class RequestAuthenticator(TokenVerifier verifier, ProxyMetrics metrics)
{
    private const string Bearer = "Bearer ";

    public async Task<AuthenticationOutcome> AuthenticateAsync(HttpRequest request, Receiver receiver, ClientAuthentication auth, CancellationToken cancellationToken)
    {
        if (auth.Identity is { } identity && TokenOf(request.Headers, identity) is { } token)
        {
            if (token.Length == 0) return RefuseToken(TokenRefusal.Malformed);
            var verification = await verifier.VerifyAsync(identity, token, cancellationToken);
            if (verification.Token is not { } verified) return RefuseToken(verification.Refusal!);
            if (auth.ClaimScopes!.ScopeOf(verified.Claims, receiver.Scope.Labels!) is not { } labels)
            {
                metrics.TokenRefusal(TokenRefusal.NoScope);
                return AuthenticationOutcome.Refused(new ApiError(StatusCodes.Status403Forbidden, "bad_data", "the token's claims give no scope on this receiver") { Reason = "no_scope" });
            }
            return new AuthenticationOutcome(verified.Subject, auth.Scopes.For(labels, receiver.Scope), null);
        }
        if (auth.AcceptsBasic && BasicHeader.Credentials(request.Headers.Authorization) is var (user, password))
        {
            if (auth.Password is { } single && single.Matches(request.Headers.Authorization)) return new AuthenticationOutcome(user, null, null);
            if (auth.Users is { } users && await users.VerifyAsync(user, password, cancellationToken) is { } found)
                return new AuthenticationOutcome(found.Name, found.Labels is { } labels ? auth.Scopes.For(labels, receiver.Scope) : null, null);
            return AuthenticationOutcome.Refused(ApiError.Unauthorized());
        }
        if (auth.Identity is not null) return RefuseToken(TokenRefusal.Missing);
        return AuthenticationOutcome.Refused(ApiError.Unauthorized());
    }

    /// <summary>
    /// What a request with a Basic header costs on a name that is no receiver: one bcrypt run at the highest cost of
    /// any receiver's users, as a wrong password there would, so that the time of the 401 does not tell a receiver
    /// with users from an unknown name (receiver names are tenant names). Nothing when no receiver has users.
    /// </summary>
    public static async Task SpendAsOnAReceiverWithUsersAsync(HttpRequest request, IEnumerable<Receiver> receivers, CancellationToken cancellationToken)
    {
        if (BasicHeader.Credentials(request.Headers.Authorization) is not { } basic) return;
        BcryptUsers? slowest = null;
        foreach (var receiver in receivers)
            if (receiver.Authentication?.Users is { } users && (slowest is null || users.Cost > slowest.Cost)) slowest = users;
        if (slowest is not null) await slowest.SpendAsync(basic.Password, cancellationToken);
    }

    private AuthenticationOutcome RefuseToken(string reason)
    {
        metrics.TokenRefusal(reason);
        return AuthenticationOutcome.Refused(ApiError.Unauthorized() with { Reason = "token_" + reason });
    }

    /// <summary>
    /// The token of the identity's header: after <c>Bearer </c> in <c>Authorization</c>, or the whole value of another
    /// header; "" (malformed) when the header is given twice; null when there is none.
    /// </summary>
    private static string? TokenOf(IHeaderDictionary headers, TokenIdentity identity)
    {
        if (!headers.TryGetValue(identity.Header, out var values) || values.Count == 0) return null;
        if (values.Count > 1) return "";
        var value = values[0] ?? "";
        if (!identity.IsBearer) return value.Trim();
        return value.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? value[Bearer.Length..].Trim() : null;
    }
}
