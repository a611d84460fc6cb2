using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Hesione.Server.Upstream.Pools;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Upstream;

/// <summary>
/// Sends the canonical request upstream (GET: parameters in the query string; POST: in a form body) and
/// streams the response back unbuffered: status, headers but the hop-by-hop ones, and body byte for byte
/// (gzip untouched, upstream errors passed through). Failures are mapped by <see cref="UpstreamErrors"/>. In a pool, a
/// failed attempt is retried on the next backend only before the answer's headers (so before its first byte reached
/// the client); a body that breaks off later cuts the client's connection.
/// </summary>
internal sealed class Forwarder(IUpstreamMetrics metrics, ILogger<Forwarder> logger)
{
    private const int CopyBufferSize = 64 * 1024;

    /// <summary>The target is built canonical (a canonical base, a fixed path, parameters escaped by <see cref="FormEncoding"/>): Uri need not redo it.</summary>
    private static readonly UriCreationOptions CanonicalTarget = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>
    /// Forwards the parameters to <paramref name="path"/> on the route's backends and streams the answer to
    /// <paramref name="context"/>'s response; the failure to answer with when nothing was streamed yet, else null.
    /// </summary>
    public Task<UpstreamFailure?> ForwardAsync(HttpContext context, UpstreamRoute route, UpstreamClients clients, string path, bool post, List<KeyValuePair<string, string>> parameters)
    {
        var target = post ? route.Base + path : FormEncoding.Url(route.Base, path, parameters);
        var request = new HttpRequestMessage(post ? HttpMethod.Post : HttpMethod.Get, new Uri(target, CanonicalTarget));
        try
        {
            if (post)
            {
                request.Content = new ByteArrayContent(Encoding.ASCII.GetBytes(FormEncoding.Encode(parameters)));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            }
            HeaderRules.CopyRequestHeaders(context.Request.Headers, request);
            UpstreamRequests.Prepare(request, route, UpstreamTarget.Backends);
        }
        catch
        {
            request.Dispose();
            throw;
        }
        return SendAsync(context, route, clients, request);
    }

    /// <summary>
    /// Sends <paramref name="request"/>, streams the answer and disposes the request. Apart from
    /// <see cref="ForwardAsync"/>, which builds the request, so that what every request keeps across its awaits is only
    /// what they need.
    /// </summary>
    private async Task<UpstreamFailure?> SendAsync(HttpContext context, UpstreamRoute route, UpstreamClients clients, HttpRequestMessage request)
    {
        var aborted = context.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        try
        {
            UpstreamDeadline.BeforeSending(deadline, route);
            HttpResponseMessage response;
            var started = Stopwatch.GetTimestamp();
            try
            {
                response = await clients.Proxy.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            }
            catch (Exception e) when (UpstreamErrors.IsUpstreamFailure(e, aborted))
            {
                return UpstreamErrors.Map(logger, route, UpstreamTarget.Backends, e, answering: false, deadline.IsCancellationRequested);
            }
            finally
            {
                metrics.Upstream(route.Receiver, UpstreamTarget.Backends.Name(), Stopwatch.GetElapsedTime(started));
            }

            using (response)
            {
                UpstreamDeadline.AfterHeaders(deadline, route, request);
                var client = context.Response;
                client.StatusCode = (int)response.StatusCode;
                HeaderRules.CopyResponseHeaders(response, client);
                try
                {
                    await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
                    await body.CopyToAsync(client.Body, CopyBufferSize, deadline.Token);
                }
                catch (Exception e) when (UpstreamErrors.IsUpstreamFailure(e, aborted))
                {
                    var failure = UpstreamErrors.Map(logger, route, UpstreamTarget.Backends, e, answering: true, deadline.IsCancellationRequested);
                    if (!client.HasStarted)
                    {
                        client.Clear();
                        return failure;
                    }
                    context.Abort();
                }
            }
            return null;
        }
        finally
        {
            request.Dispose();
        }
    }
}
