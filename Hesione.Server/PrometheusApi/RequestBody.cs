using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hesione.Server.PrometheusApi;

/// <summary>
/// Reads a POST body, at most <c>max_body_bytes</c>: a form (<c>application/x-www-form-urlencoded</c> only; an empty
/// body without a content type is accepted, as Grafana sends), or JSON for Alertmanager silences.
/// </summary>
internal static class RequestBody
{
    public static async Task<(string? Form, ApiError? Error)> ReadFormAsync(HttpRequest request, long maxBytes)
    {
        var hasContentType = !string.IsNullOrEmpty(request.ContentType);
        if (hasContentType && !Is(request.ContentType!, "application/x-www-form-urlencoded"))
            return (null, ApiError.BadData("a POST body must be application/x-www-form-urlencoded"));
        var (body, error) = await ReadAsync(request, maxBytes);
        if (body is null) return (null, error);
        if (!hasContentType && body.Length > 0)
            return (null, ApiError.BadData("a POST body must be application/x-www-form-urlencoded"));
        return (body, null);
    }

    /// <summary>Reads a JSON POST body (<c>application/json</c>), at most <c>max_body_bytes</c>.</summary>
    public static async Task<(string? Json, ApiError? Error)> ReadJsonAsync(HttpRequest request, long maxBytes)
    {
        if (string.IsNullOrEmpty(request.ContentType) || !Is(request.ContentType, "application/json"))
            return (null, ApiError.BadData("a POST body must be application/json"));
        return await ReadAsync(request, maxBytes);
    }

    private static async Task<(string? Body, ApiError? Error)> ReadAsync(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes) return (null, ApiError.TooLarge(maxBytes));

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1, request.ContentLength + 1 ?? 4096));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes) return (null, ApiError.TooLarge(maxBytes));
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted);
                if (read == 0) break;
                length += read;
            }
            if (length > maxBytes) return (null, ApiError.TooLarge(maxBytes));
            return (Encoding.UTF8.GetString(buffer, 0, length), null);
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiError.TooLarge(maxBytes) : new ApiError(e.StatusCode, "bad_data", "malformed request body"));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool Is(string contentType, string mediaType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase);
}
