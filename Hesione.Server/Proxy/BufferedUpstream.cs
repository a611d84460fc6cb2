using System.Diagnostics;
using System.Net.Http.Headers;
using Hesione.Server.Observability;
using Hesione.Server.Pools;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Proxy;

/// <summary>
/// Calls the upstream (Prometheus or Alertmanager) for an answer the proxy must read whole: uncompressed, at most
/// <c>max_response_bytes</c> (a larger or compressed answer is a 502, never passed on unfiltered). Timeout → 504,
/// unreachable → 502. Only GETs are retried.
/// </summary>
internal sealed class BufferedUpstream(ProxyMetrics metrics, ILogger<BufferedUpstream> logger)
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>A request to <paramref name="target"/> (the upstream path after the base URL, with its query) carrying the receiver's upstream headers.</summary>
    public static HttpRequestMessage Create(ReceiverRequest request, HttpMethod method, bool alertmanager, string target)
    {
        var receiver = request.Receiver;
        var message = new HttpRequestMessage(method, new Uri((alertmanager ? receiver.AlertmanagerBase! : receiver.UpstreamBase) + target, UriKind.Absolute));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        message.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        if (!alertmanager || receiver.AlertmanagerSharesCredentials)
        {
            foreach (var (name, value) in receiver.Headers) message.Headers.TryAddWithoutValidation(name, value);
            if (receiver.UpstreamAuthorization is { } authorization) message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (method == HttpMethod.Get) message.Options.Set(RetryPolicy.IdempotentRead, true);
        if (!alertmanager && receiver.IsPool) PoolAttempt.Attach(message);
        return message;
    }

    public async Task<(UpstreamAnswer? Answer, ApiError? Error)> SendAsync(ReceiverRequest request, HttpRequestMessage message, bool alertmanager)
    {
        var receiver = request.Receiver;
        var upstream = alertmanager ? "alertmanager" : "prometheus";
        var aborted = request.Context.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        if (alertmanager) deadline.CancelAfter(receiver.Timeout);
        else UpstreamDeadline.BeforeSending(deadline, receiver);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await request.Clients.Proxy.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!alertmanager) UpstreamDeadline.AfterHeaders(deadline, receiver, message);
            var limit = request.Config.MaxResponseBytes;
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
        catch (Exception e) when (e is OperationCanceledException or BackendTimeoutException && !aborted.IsCancellationRequested)
        {
            logger.LogWarning("receiver {Receiver}: {Upstream} timed out after {Timeout}", receiver.Name, upstream, receiver.Timeout);
            return (null, ApiError.Timeout());
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            logger.LogWarning("receiver {Receiver}: {Upstream} unreachable ({Message})", receiver.Name, upstream, e.Message);
            return (null, ApiError.Unavailable());
        }
        finally
        {
            metrics.Upstream(receiver.Name, upstream, Stopwatch.GetElapsedTime(started));
        }

        (UpstreamAnswer?, ApiError?) Refuse(string why)
        {
            logger.LogWarning("receiver {Receiver}: {Upstream} answer refused: {Why}", receiver.Name, upstream, why);
            return (null, ApiError.Unfilterable(why));
        }
    }
}
