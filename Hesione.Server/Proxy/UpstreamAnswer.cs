using Microsoft.AspNetCore.Http;

namespace Hesione.Server.Proxy;

/// <summary>A whole upstream answer, buffered within the size limit, for the endpoints whose answers the proxy filters.</summary>
internal sealed record UpstreamAnswer(int Status, string? ContentType, byte[] Body)
{
    public bool IsOk => Status == StatusCodes.Status200OK;

    /// <summary>Passes the answer on unchanged (upstream errors, and answers already checked as a whole).</summary>
    public async Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        if (ContentType is not null) response.ContentType = ContentType;
        response.ContentLength = Body.Length;
        await response.Body.WriteAsync(Body, response.HttpContext.RequestAborted);
    }
}
