using Hesione.Server.Configuration;

namespace Hesione.Server.Upstream;

/// <summary>
/// One readiness probe of one backend: <c>/-/healthy</c> under the base URL for Prometheus and Thanos, <c>/ready</c>
/// at the root for Mimir, <c>/health</c> at the root for VictoriaMetrics; with the receiver's headers and
/// <c>Authorization</c> (<see cref="UpstreamRequests"/>), within a short timeout, through the health client (no retries).
/// </summary>
internal static class ReadinessProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>The URL <paramref name="backend"/> of <paramref name="route"/> is probed at.</summary>
    public static string TargetOf(UpstreamRoute route, UpstreamBackend backend) => route.Flavor switch
    {
        Flavor.VictoriaMetrics => backend.Origin + "/health",
        Flavor.Mimir => backend.Origin + "/ready",
        _ => backend.Base + "/-/healthy",
    };

    /// <summary>The HTTP status of <paramref name="backend"/>'s health endpoint, or null when it did not answer within the timeout.</summary>
    public static async Task<int?> ProbeAsync(UpstreamRoute route, UpstreamBackend backend, HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, TargetOf(route, backend));
        UpstreamRequests.Prepare(request, route, UpstreamTarget.Probe);
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }
}
