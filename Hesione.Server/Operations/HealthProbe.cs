using System.Buffers;
using System.Text;
using System.Text.Json;
using Hesione.Server.Plan;
using Hesione.Server.PrometheusApi;
using Hesione.Server.Runtime;

namespace Hesione.Server.Operations;

/// <summary>
/// Readiness: every backend of every receiver probed (<see cref="Upstream.ReadinessProbe"/>), through the
/// snapshot's <see cref="BackendProbes"/> (at most one probe per backend per 5 s); a backend of a pool found up takes
/// traffic again at once. <c>/health</c> answers
/// <c>{"status":"up|down","receivers":[{"name":..,"backend":"up|down","status":200}]}</c>, where a pool's entry also lists
/// <c>"backends":[{"upstream":URL,"backend":"up|down","status":200,"passive":"up|down"}]</c> (<c>passive</c>: what failed
/// requests say) and its <c>backend</c> is up while one of them is; <c>/-/ready</c> answers a line of text naming the
/// receivers with no backend up, then a line per pool. Both 200 when every receiver has a backend up, 503 otherwise.
/// No secrets (backend URLs never hold credentials), no scope values.
/// </summary>
internal static class HealthProbe
{
    public static async Task WriteHealthAsync(HttpContext context, ProxySnapshot snapshot)
    {
        var receivers = snapshot.Config.Receivers;
        var statuses = await StatusesAsync(context, snapshot);
        var allUp = Array.TrueForAll(statuses, AnyUp);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", allUp ? "up" : "down");
            writer.WriteStartArray("receivers");
            for (var i = 0; i < statuses.Length; i++)
            {
                var receiver = receivers[i];
                writer.WriteStartObject();
                writer.WriteString("name", receiver.Name);
                writer.WriteString("backend", AnyUp(statuses[i]) ? "up" : "down");
                WriteStatus(writer, Array.Find(statuses[i], IsUp) ?? statuses[i][0]);
                if (receiver.Upstream.IsPool)
                {
                    var pool = snapshot.ClientsOf(receiver).Pool!;
                    writer.WriteStartArray("backends");
                    for (var b = 0; b < receiver.Upstream.Backends.Length; b++)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("upstream", receiver.Upstream.Backends[b].Label);
                        writer.WriteString("backend", IsUp(statuses[i][b]) ? "up" : "down");
                        WriteStatus(writer, statuses[i][b]);
                        writer.WriteString("passive", pool.IsUp(b) ? "up" : "down");
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                }
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
        var pools = new StringBuilder();
        for (var i = 0; i < statuses.Length; i++)
        {
            if (!AnyUp(statuses[i])) down.Add(receivers[i].Name);
            if (!receivers[i].Upstream.IsPool) continue;
            pools.Append("pool ").Append(receivers[i].Name).Append(':');
            for (var b = 0; b < statuses[i].Length; b++)
                pools.Append(b == 0 ? " " : ", ").Append(receivers[i].Upstream.Backends[b].Label).Append(IsUp(statuses[i][b]) ? " up" : " down");
            pools.Append('\n');
        }
        context.Response.StatusCode = down.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await PlainText.WriteAsync(context.Response, (down.Count == 0
            ? "Hesione is Ready.\n"
            : $"Hesione is not ready: the backend of {string.Join(", ", down)} is down.\n") + pools);
    }

    public static bool IsUp(int? status) => status is >= 200 and < 300;

    /// <summary>The probed status of every backend of every receiver; a backend of a pool found up is marked up in its pool.</summary>
    private static async Task<int?[][]> StatusesAsync(HttpContext context, ProxySnapshot snapshot)
    {
        var receivers = snapshot.Config.Receivers;
        var probes = new Task<int?[]>[receivers.Length];
        for (var i = 0; i < probes.Length; i++) probes[i] = ReceiverStatusesAsync(snapshot, receivers[i]);
        return await Task.WhenAll(probes).WaitAsync(context.RequestAborted);
    }

    private static async Task<int?[]> ReceiverStatusesAsync(ProxySnapshot snapshot, Receiver receiver)
    {
        var probes = new Task<int?>[receiver.Upstream.Backends.Length];
        for (var b = 0; b < probes.Length; b++) probes[b] = snapshot.Probes.StatusAsync(receiver, b);
        var statuses = await Task.WhenAll(probes);
        for (var b = 0; b < statuses.Length; b++)
            if (IsUp(statuses[b])) snapshot.ClientsOf(receiver).Pool?.Recovered(b);
        return statuses;
    }

    private static bool AnyUp(int?[] statuses) => Array.Exists(statuses, IsUp);

    private static void WriteStatus(Utf8JsonWriter writer, int? status)
    {
        if (status is { } value) writer.WriteNumber("status", value);
        else writer.WriteNull("status");
    }
}
