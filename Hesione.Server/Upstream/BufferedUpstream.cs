using System.Diagnostics;
using System.Net.Http.Headers;
using Hesione.Server.Upstream.Pools;

namespace Hesione.Server.Upstream;

/// <summary>
/// Calls the upstream (Prometheus or Alertmanager) for an answer the proxy must read whole: uncompressed, at most
/// <c>max_response_bytes</c> (a larger or compressed answer is a 502, never passed on unfiltered). Failures are mapped
/// by <see cref="UpstreamErrors"/>. Only GETs to the Alertmanager are retried; every backend call is a read.
/// </summary>
internal sealed class BufferedUpstream(IUpstreamMetrics metrics, ILogger<BufferedUpstream> logger)
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>A request to <paramref name="pathAndQuery"/> (the upstream path after the base URL, with its query) on <paramref name="target"/>, readied by <see cref="UpstreamRequests"/>.</summary>
    public static HttpRequestMessage Create(UpstreamRoute route, UpstreamTarget target, HttpMethod method, string pathAndQuery)
    {
        var upstreamBase = target == UpstreamTarget.Alertmanager ? route.AlertmanagerBase! : route.Base;
        var message = new HttpRequestMessage(method, new Uri(upstreamBase + pathAndQuery, UriKind.Absolute));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        message.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        UpstreamRequests.Prepare(message, route, target);
        return message;
    }

    /// <summary>Sends <paramref name="message"/> (made by <see cref="Create"/> for <paramref name="target"/>) and reads the answer whole, at most <paramref name="limit"/> bytes.</summary>
    public async Task<(UpstreamAnswer? Answer, UpstreamFailure? Failure)> SendAsync(
        UpstreamRoute route, UpstreamClients clients, UpstreamTarget target, HttpRequestMessage message, int limit, CancellationToken aborted)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        if (target == UpstreamTarget.Alertmanager) deadline.CancelAfter(route.Timeout);
        else UpstreamDeadline.BeforeSending(deadline, route);
        var answering = false;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.Proxy.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            answering = true;
            if (target != UpstreamTarget.Alertmanager) UpstreamDeadline.AfterHeaders(deadline, route, message);
            if (response.Content.Headers.ContentLength > limit) return Refuse($"larger than {limit} bytes");
            if (response.Content.Headers.ContentEncoding.Any(e => !e.Equals("identity", StringComparison.OrdinalIgnoreCase))) return Refuse("compressed");
            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[ChunkSize];
            int read;
            while ((read = await body.ReadAsync(chunk, deadline.Token)) > 0)
            {
                if (buffer.Length + read > limit) return Refuse($"larger than {limit} bytes");
                buffer.Write(chunk, 0, read);
            }
            var answer = new UpstreamAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), buffer.ToArray());
            // The caller filters the whole answer: that runs on a thread-pool worker, not on the socket thread that
            // completed the read and serves other connections.
            await Task.Yield();
            return (answer, null);
        }
        catch (Exception e) when (UpstreamErrors.IsUpstreamFailure(e, aborted))
        {
            return (null, UpstreamErrors.Map(logger, route, target, e, answering, deadline.IsCancellationRequested));
        }
        finally
        {
            metrics.Upstream(route.Receiver, target.Name(), Stopwatch.GetElapsedTime(started));
        }

        (UpstreamAnswer?, UpstreamFailure?) Refuse(string why) => (null, UpstreamErrors.Refused(logger, route, target, why));
    }
}
