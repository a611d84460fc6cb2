using Hesione.Server.Upstream.Pools;

namespace Hesione.Server.Upstream;

/// <summary>
/// The one step that readies a request for a receiver's upstream, whoever built it: the receiver's <c>headers</c> and
/// <c>prom_auth</c> <c>Authorization</c> (to the Alertmanager only when it shares the backends' origin, so that
/// credentials never reach another host), the <see cref="RetryPolicy.IdempotentRead"/> mark (every backend call is a
/// read, POSTed queries included; to the Alertmanager only a GET), and, for a pool's backends, a fresh
/// <see cref="PoolAttempt"/>. A probe gets the credentials only.
/// </summary>
internal static class UpstreamRequests
{
    public static void Prepare(HttpRequestMessage request, UpstreamRoute route, UpstreamTarget target)
    {
        if (target != UpstreamTarget.Alertmanager || route.AlertmanagerSharesCredentials)
        {
            foreach (var (name, value) in route.Headers) request.Headers.TryAddWithoutValidation(name, value);
            if (route.Authorization is { } authorization) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (target == UpstreamTarget.Probe) return;
        if (target == UpstreamTarget.Backends || request.Method == HttpMethod.Get) request.Options.Set(RetryPolicy.IdempotentRead, true);
        if (target == UpstreamTarget.Backends && route.IsPool) PoolAttempt.Attach(request);
    }
}
