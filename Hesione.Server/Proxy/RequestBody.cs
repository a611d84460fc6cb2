using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hesione.Server.Proxy;

/// <summary>
/// Reads a POST body as a form: <c>application/x-www-form-urlencoded</c> only (an empty body without a
/// content type is accepted, as Grafana sends), at most <c>max_body_bytes</c>.
/// </summary>
internal static class RequestBody
{
    public static async Task<(string? Form, ApiError? Error)> ReadFormAsync(HttpRequest request, long maxBytes)
    {
        var hasContentType = !string.IsNullOrEmpty(request.ContentType);
        if (hasContentType && !IsForm(request.ContentType!))
            return (null, ApiError.BadData("a POST body must be application/x-www-form-urlencoded"));
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
            if (!hasContentType && length > 0)
                return (null, ApiError.BadData("a POST body must be application/x-www-form-urlencoded"));
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

    private static bool IsForm(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
