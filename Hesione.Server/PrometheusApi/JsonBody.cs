
namespace Hesione.Server.PrometheusApi;

/// <summary>Writes a complete JSON body the proxy produced itself.</summary>
internal static class JsonBody
{
    public static async Task WriteAsync(HttpResponse response, ReadOnlyMemory<byte> json)
    {
        response.ContentType = "application/json";
        response.ContentLength = json.Length;
        await response.Body.WriteAsync(json, response.HttpContext.RequestAborted);
    }
}
