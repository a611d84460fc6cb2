
namespace Hesione.Server.Upstream;

/// <summary>
/// An upstream call that failed, as the client is told: the HTTP status and the Prometheus API error type and text
/// (the caller writes it in the API error shape). Made only by <see cref="UpstreamErrors"/>.
/// </summary>
internal sealed record UpstreamFailure(int Status, string ErrorType, string Message)
{
    /// <summary>No answer within the receiver's <c>timeout</c>: 504.</summary>
    public static readonly UpstreamFailure TimedOut = new(StatusCodes.Status504GatewayTimeout, "timeout", "upstream timed out");

    /// <summary>Refused, reset, unresolvable, no backend left, or an answer that broke off: 502.</summary>
    public static readonly UpstreamFailure Unreachable = new(StatusCodes.Status502BadGateway, "unavailable", "upstream unreachable");

    /// <summary>An answer the proxy must filter but cannot (too large, compressed, not the expected JSON): 502, never passed on unfiltered.</summary>
    public static UpstreamFailure Unfilterable(string why) => new(StatusCodes.Status502BadGateway, "unavailable", $"upstream answer cannot be filtered: {why}");
}
