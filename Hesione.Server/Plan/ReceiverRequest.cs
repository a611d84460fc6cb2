using Hesione.Server.PrometheusApi;
using Hesione.Server.Upstream;

namespace Hesione.Server.Plan;

/// <summary>A request to a receiver, with the config snapshot it started under and that receiver's upstream clients.</summary>
internal sealed record ReceiverRequest(HttpContext Context, ProxyConfig Config, Receiver Receiver, UpstreamClients Clients)
{
    /// <summary>The receiver's upstream side.</summary>
    public UpstreamRoute Route => Receiver.Upstream;

    /// <summary>Reads a whole answer from <paramref name="target"/> (<see cref="BufferedUpstream"/>), within <c>max_response_bytes</c>.</summary>
    public async Task<(UpstreamAnswer? Answer, ApiError? Error)> SendAsync(BufferedUpstream upstream, UpstreamTarget target, HttpRequestMessage message)
    {
        var (answer, failure) = await upstream.SendAsync(Route, Clients, target, message, Config.MaxResponseBytes, Context.RequestAborted);
        return (answer, ApiError.Of(failure));
    }
}
