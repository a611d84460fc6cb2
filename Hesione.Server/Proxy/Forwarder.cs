using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Hesione.Server.Observability;
using Hesione.Server.Pools;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Proxy;

/// <summary>
/// Sends the canonical request upstream (GET: parameters in the query string; POST: in a form body) and
/// streams the response back unbuffered: status, headers but the hop-by-hop ones, and body byte for byte
/// (gzip untouched, upstream errors passed through). Timeout → 504, unreachable → 502. In a pool, a failed attempt is
/// retried on the next backend only before the answer's headers (so before its first byte reached the client); a
/// body that breaks off later cuts the client's connection.
/// </summary>
internal sealed class Forwarder(ProxyMetrics metrics, ILogger<Forwarder> logger)
{
    private const int CopyBufferSize = 64 * 1024;

    /// <summary>The target is built canonical (a canonical base, a fixed path, parameters escaped by <see cref="FormEncoding"/>): Uri need not redo it.</summary>
    private static readonly UriCreationOptions CanonicalTarget = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public async Task<ApiError?> ForwardAsync(ReceiverRequest forwarded, Endpoint endpoint, List<KeyValuePair<string, string>> parameters)
    {
        var (context, _, receiver, clients) = forwarded;
        var post = HttpMethods.IsPost(context.Request.Method) && !endpoint.ForwardsAsGet;
        var target = post ? receiver.UpstreamBase + endpoint.UpstreamPath : FormEncoding.Url(receiver.UpstreamBase, endpoint.UpstreamPath, parameters);
        using var request = new HttpRequestMessage(post ? HttpMethod.Post : HttpMethod.Get, new Uri(target, CanonicalTarget));
        if (post)
        {
            request.Content = new ByteArrayContent(Encoding.ASCII.GetBytes(FormEncoding.Encode(parameters)));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }
        HeaderRules.CopyRequestHeaders(context.Request.Headers, request);
        foreach (var (name, value) in receiver.Headers) request.Headers.TryAddWithoutValidation(name, value);
        if (receiver.UpstreamAuthorization is { } authorization) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Options.Set(RetryPolicy.IdempotentRead, true);
        if (receiver.IsPool) PoolAttempt.Attach(request);

        var aborted = context.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        UpstreamDeadline.BeforeSending(deadline, receiver);
        HttpResponseMessage response;
        var started = Stopwatch.GetTimestamp();
        try
        {
            response = await clients.Proxy.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            logger.LogWarning("receiver {Receiver}: upstream timed out after {Timeout}", receiver.Name, receiver.Timeout);
            return ApiError.Timeout();
        }
        catch (BackendTimeoutException e)
        {
            logger.LogWarning("{Message}", e.Message);
            return ApiError.Timeout();
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("receiver {Receiver}: upstream unreachable ({Error}: {Message})", receiver.Name, e.HttpRequestError, e.Message);
            return ApiError.Unavailable();
        }
        finally
        {
            metrics.Upstream(receiver.Name, "prometheus", Stopwatch.GetElapsedTime(started));
        }

        using (response)
        {
            UpstreamDeadline.AfterHeaders(deadline, receiver, request);
            var client = context.Response;
            client.StatusCode = (int)response.StatusCode;
            HeaderRules.CopyResponseHeaders(response, client);
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
                await body.CopyToAsync(client.Body, CopyBufferSize, deadline.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException && !aborted.IsCancellationRequested)
            {
                var timedOut = deadline.IsCancellationRequested;
                logger.LogWarning("receiver {Receiver}: upstream response {Failure}", receiver.Name, timedOut ? "timed out" : "broke off");
                if (!client.HasStarted)
                {
                    client.Clear();
                    return timedOut ? ApiError.Timeout() : ApiError.Unavailable();
                }
                context.Abort();
            }
        }
        return null;
    }
}
