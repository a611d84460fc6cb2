using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hesione.Server.Upstream;
using Microsoft.Extensions.Primitives;

namespace Hesione.Server.PrometheusApi;

/// <summary>
/// An error answered in the Prometheus API shape: <c>{"status":"error","errorType":"bad_data","error":"..."}</c>.
/// <see cref="Reason"/> names a refusal in the <c>hesione_refusals_total</c> metric.
/// </summary>
internal sealed record ApiError(int Status, string Type, string Message)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Why the proxy refused the request (a bounded set of names), or null when it is an upstream failure rather than a refusal.</summary>
    public string? Reason { get; init; } = Status switch
    {
        StatusCodes.Status400BadRequest => "bad_request",
        StatusCodes.Status401Unauthorized => "unauthenticated",
        StatusCodes.Status403Forbidden => "refused_path",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status413PayloadTooLarge => "too_large",
        StatusCodes.Status429TooManyRequests => "too_many_requests",
        _ => null,
    };

    /// <summary>The <c>Retry-After</c> of a 429 answer, in seconds.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>
    /// The <c>WWW-Authenticate</c> challenges of every 401, whatever the receiver accepts and whether it exists: a
    /// challenge that followed the receiver's kind of authentication would tell its name apart from an unknown one.
    /// </summary>
    private static readonly StringValues Challenges = new(["Basic realm=\"hesione\"", "Bearer realm=\"hesione\""]);

    public static ApiError BadData(string message) => new(StatusCodes.Status400BadRequest, "bad_data", message);

    public static ApiError Unauthorized() => new(StatusCodes.Status401Unauthorized, "bad_data", "authentication required");

    public static ApiError NotFound(string message) => new(StatusCodes.Status404NotFound, "not_found", message);

    public static ApiError MethodNotAllowed(string method) => new(StatusCodes.Status405MethodNotAllowed, "bad_data", $"method {method} not allowed on this endpoint");

    public static ApiError TooLarge(long limit) => new(StatusCodes.Status413PayloadTooLarge, "bad_data", $"request body larger than {limit} bytes");

    public static ApiError Internal() => new(StatusCodes.Status500InternalServerError, "internal", "internal error");

    public static ApiError TooManyRequests(int limit) =>
        new(StatusCodes.Status429TooManyRequests, "unavailable", $"too many concurrent requests for this receiver (at most {limit})");

    public static ApiError RateLimited(Configuration.RateLimit limit, int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, "unavailable",
            $"too many requests for this receiver (rate_limit: {limit.RequestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)} per second, burst {limit.Burst})")
        {
            Reason = "rate_limit",
            RetryAfterSeconds = retryAfterSeconds,
        };

    /// <summary>An upstream answer the proxy must filter but cannot (not the expected JSON): never passed on unfiltered.</summary>
    public static ApiError Unfilterable(string why) => Of(UpstreamFailure.Unfilterable(why));

    /// <summary>A failed upstream call (<see cref="UpstreamErrors"/>), in the API error shape.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(failure))]
    public static ApiError? Of(UpstreamFailure? failure) => failure is null ? null : new(failure.Status, failure.ErrorType, failure.Message);

    public Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        if (Status == StatusCodes.Status401Unauthorized) response.Headers.WWWAuthenticate = Challenges;
        if (Status == StatusCodes.Status429TooManyRequests) response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
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
