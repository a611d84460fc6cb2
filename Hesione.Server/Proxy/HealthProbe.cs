using System.Buffers;
using System.Text.Json;
using Hesione.Server.Config;
using Hesione.Server.Runtime;
using Microsoft.AspNetCore.Http;

namespace Hesione.Server.Proxy;

/// <summary>
/// <c>/health</c>: probes every receiver's backend (<c>/-/healthy</c> for Prometheus and Thanos, <c>/ready</c>
/// for Mimir, <c>/health</c> for VictoriaMetrics; with <c>prom_auth</c> and the extra headers, a short timeout)
/// and answers <c>{"status":"up|down","receivers":[{"name":..,"backend":"up|down","status":200}]}</c>,
/// 200 when all are up, 503 otherwise. No secrets and no scope values.
/// </summary>
internal static class HealthProbe
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static async Task WriteAsync(HttpContext context, ProxySnapshot snapshot)
    {
        var config = snapshot.Config;
        var probes = new Task<int?>[config.Receivers.Length];
        for (var i = 0; i < probes.Length; i++) probes[i] = ProbeAsync(config.Receivers[i], snapshot.ClientsOf(config.Receivers[i]).Health, context.RequestAborted);
        var statuses = await Task.WhenAll(probes);

        var allUp = Array.TrueForAll(statuses, IsUp);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", allUp ? "up" : "down");
            writer.WriteStartArray("receivers");
            for (var i = 0; i < statuses.Length; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("name", config.Receivers[i].Name);
                writer.WriteString("backend", IsUp(statuses[i]) ? "up" : "down");
                if (statuses[i] is { } status) writer.WriteNumber("status", status);
                else writer.WriteNull("status");
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        context.Response.StatusCode = allUp ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await JsonBody.WriteAsync(context.Response, buffer.WrittenMemory);
    }

    private static bool IsUp(int? status) => status is >= 200 and < 300;

    private static async Task<int?> ProbeAsync(Receiver receiver, HttpClient client, CancellationToken aborted)
    {
        var target = receiver.Flavor switch
        {
            Flavor.VictoriaMetrics => receiver.UpstreamOrigin + "/health",
            Flavor.Mimir => receiver.UpstreamOrigin + "/ready",
            _ => receiver.UpstreamBase + "/-/healthy",
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        foreach (var (name, value) in receiver.Headers) request.Headers.TryAddWithoutValidation(name, value);
        if (receiver.UpstreamAuthorization is { } authorization) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(ProbeTimeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !aborted.IsCancellationRequested)
        {
            return null;
        }
    }
}
