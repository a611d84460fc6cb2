using System.Text.Json;
using System.Text.Json.Nodes;
using Hesione.Server.PrometheusApi;
using Hesione.Server.Upstream;

namespace Hesione.Server.Filtering;

/// <summary>
/// Answers with a filtered upstream JSON answer: a 200 is parsed, filtered and written anew; any other status is
/// passed on unchanged (upstream errors). An answer that cannot be parsed or filtered is a 502.
/// </summary>
internal static class JsonFilterWriter
{
    public static async Task<ApiError?> WriteAsync(HttpResponse response, UpstreamAnswer answer, Action<JsonNode> filter)
    {
        if (!answer.IsOk)
        {
            await answer.WriteAsync(response);
            return null;
        }
        byte[] filtered;
        try
        {
            var root = JsonNode.Parse(answer.Body) ?? throw new FormatException("answer: null");
            filter(root);
            filtered = JsonSerializer.SerializeToUtf8Bytes(root);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return ApiError.Unfilterable(e.Message);
        }
        await JsonBody.WriteAsync(response, filtered);
        return null;
    }
}
