using System.Buffers;
using System.Text.Json;
using Hesione.Server.Config;
using Hesione.Server.Runtime;
using Microsoft.AspNetCore.Http;

namespace Hesione.Server.Proxy;

/// <summary>
/// Readiness: every receiver's backend probed (<c>/-/healthy</c> for Prometheus and Thanos, <c>/ready</c> for Mimir,
/// <c>/health</c> for VictoriaMetrics; with <c>prom_auth</c> and the extra headers, a short timeout), through the
/// snapshot's <see cref="BackendProbes"/> (at most one probe per backend per 5 s). <c>/health</c> answers
/// <c>{"status":"up|down","receivers":[{"name":..,"backend":"up|down","status":200}]}</c> and <c>/-/ready</c> a line of
/// text naming the receivers whose backend is down; both 200 when all are up, 503 otherwise. No secrets, no scope values.
/// </summary>
internal static class HealthProbe
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static async Task WriteHealthAsync(HttpContext context, ProxySnapshot snapshot)
    {
        var config = snapshot.Config;
        var statuses = await StatusesAsync(context, snapshot);
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

    public static async Task WriteReadyAsync(HttpContext context, ProxySnapshot snapshot)
    {
        var receivers = snapshot.Config.Receivers;
        var statuses = await StatusesAsync(context, snapshot);
        var down = new List<string>();
        for (var i = 0; i < statuses.Length; i++)
            if (!IsUp(statuses[i])) down.Add(receivers[i].Name);
        context.Response.StatusCode = down.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await PlainText.WriteAsync(context.Response, down.Count == 0
            ? "Hesione is Ready.\n"
            : $"Hesione is not ready: the backend of {string.Join(", ", down)} is down.\n");
    }

    /// <summary>The URL a receiver's backend is probed at.</summary>
    public static string TargetOf(Receiver receiver) => receiver.Flavor switch
    {
        Flavor.VictoriaMetrics => receiver.UpstreamOrigin + "/health",
        Flavor.Mimir => receiver.UpstreamOrigin + "/ready",
        _ => receiver.UpstreamBase + "/-/healthy",
    };

    /// <summary>One probe of <paramref name="receiver"/>'s backend: its HTTP status, or null when it did not answer within the timeout.</summary>
    public static async Task<int?> ProbeAsync(Receiver receiver, HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, TargetOf(receiver));
        foreach (var (name, value) in receiver.Headers) request.Headers.TryAddWithoutValidation(name, value);
        if (receiver.UpstreamAuthorization is { } authorization) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var deadline = new CancellationTokenSource(ProbeTimeout);
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

    private static Task<int?[]> StatusesAsync(HttpContext context, ProxySnapshot snapshot)
    {
        var receivers = snapshot.Config.Receivers;
        var probes = new Task<int?>[receivers.Length];
        for (var i = 0; i < probes.Length; i++) probes[i] = snapshot.Probes.StatusAsync(receivers[i]);
        return Task.WhenAll(probes).WaitAsync(context.RequestAborted);
    }

    private static bool IsUp(int? status) => status is >= 200 and < 300;
}
