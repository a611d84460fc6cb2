using Hesione.Server.Connections;
using Hesione.Server.Observability;
using Hesione.Server.PrometheusApi;
using Hesione.Server.Runtime;
using Hesione.Server.Upstream.Pools;

namespace Hesione.Server.Operations;

/// <summary>
/// The proxy's own endpoints: <c>/-/healthy</c> (liveness: 200 while the process serves, on every listener, naming
/// nothing), <c>/-/ready</c> and <c>/health</c> (readiness: every backend, see <see cref="HealthProbe"/>) and
/// <c>/metrics</c>. With an internal listener, the last three are served only there, and the tenant listener answers
/// them as it answers any unknown path; the internal listener answers nothing else.
/// </summary>
internal sealed class OperationalEndpoints(ProxyMetrics metrics, ListenerRoles roles)
{
    private const string Healthy = "healthy";
    private const string Ready = "ready";
    private const string Health = "health";
    private const string Metrics = "metrics";

    /// <summary>The endpoint's name (in metrics and logs) when <paramref name="path"/> is an operational endpoint served on this connection, else null.</summary>
    public string? Match(HttpContext context, string path)
    {
        var name = path switch
        {
            "/-/healthy" => Healthy,
            "/-/ready" => Ready,
            "/health" => Health,
            "/metrics" => Metrics,
            _ => null,
        };
        return name is not null && (name == Healthy || !roles.Separate || ListenerRoles.IsInternal(context)) ? name : null;
    }

    public async Task<ApiError?> HandleAsync(HttpContext context, string name, ProxySnapshot snapshot)
    {
        var method = context.Request.Method;
        if (!(HttpMethods.IsGet(method) || (HttpMethods.IsHead(method) && name is Healthy or Ready))) return ApiError.MethodNotAllowed(method);
        switch (name)
        {
            case Healthy:
                await PlainText.WriteAsync(context.Response, "Hesione is Healthy.\n");
                break;
            case Ready:
                await HealthProbe.WriteReadyAsync(context, snapshot);
                break;
            case Health:
                await HealthProbe.WriteHealthAsync(context, snapshot);
                break;
            default:
                metrics.UpstreamUp(snapshot.Config.Receivers.Select(r => snapshot.ClientsOf(r).Pool).OfType<UpstreamPool>());
                await metrics.WriteAsync(context.Response);
                break;
        }
        return null;
    }
}
