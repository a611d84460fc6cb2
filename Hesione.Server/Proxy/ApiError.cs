using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Hesione.Server.Proxy;

/// <summary>An error answered in the Prometheus API shape: <c>{"status":"error","errorType":"bad_data","error":"..."}</c>.</summary>
internal sealed record ApiError(int Status, string Type, string Message)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ApiError BadData(string message) => new(StatusCodes.Status400BadRequest, "bad_data", message);

    public static ApiError Unauthorized() => new(StatusCodes.Status401Unauthorized, "bad_data", "authentication required");

    public static ApiError NotFound(string message) => new(StatusCodes.Status404NotFound, "not_found", message);

    public static ApiError MethodNotAllowed(string method) => new(StatusCodes.Status405MethodNotAllowed, "bad_data", $"method {method} not allowed on this endpoint");

    public static ApiError TooLarge(long limit) => new(StatusCodes.Status413PayloadTooLarge, "bad_data", $"request body larger than {limit} bytes");

    public static ApiError Internal() => new(StatusCodes.Status500InternalServerError, "internal", "internal error");

    public static ApiError NotImplemented() => new(StatusCodes.Status501NotImplemented, "unavailable", "this endpoint is not implemented by the proxy yet");

    public static ApiError Unavailable() => new(StatusCodes.Status502BadGateway, "unavailable", "upstream unreachable");

    public static ApiError Timeout() => new(StatusCodes.Status504GatewayTimeout, "timeout", "upstream timed out");

    public Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        if (Status == StatusCodes.Status401Unauthorized) response.Headers.WWWAuthenticate = "Basic realm=\"hesione\"";
        var buffer = new ArrayBufferWriter<byte>(128 + Message.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("status", "error");
            writer.WriteString("errorType", Type);
            writer.WriteString("error", Message);
            writer.WriteEndObject();
        }
        return JsonBody.WriteAsync(response, buffer.WrittenMemory);
    }
}
