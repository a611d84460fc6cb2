using Hesione.Server.Enforcement;
using Hesione.Server.PrometheusApi;

namespace Hesione.Server.Routing;

/// <summary>
/// Who a request is and what it may see: the name for the audit line (a Basic user or a token's subject) and the
/// scope to enforce (null: the receiver's own), or the error that refuses it.
/// </summary>
internal sealed record AuthenticationOutcome(string? User, ReceiverScope? Scope, ApiError? Error)
{
    public static AuthenticationOutcome Refused(ApiError error) => new(null, null, error);
}
