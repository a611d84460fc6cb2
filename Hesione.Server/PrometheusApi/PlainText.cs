using System.Text;

namespace Hesione.Server.PrometheusApi;

/// <summary>Writes a complete plain-text body the proxy produced itself (the <c>/-/healthy</c> and <c>/-/ready</c> answers).</summary>
internal static class PlainText
{
    public static async Task WriteAsync(HttpResponse response, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, response.HttpContext.RequestAborted);
    }
}
