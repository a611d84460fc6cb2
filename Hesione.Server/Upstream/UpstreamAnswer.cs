
namespace Hesione.Server.Upstream;

/// <summary>A whole upstream answer, buffered within the size limit, for the endpoints whose answers the proxy filters. Equal by value (the body byte by byte).</summary>
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

    public bool Equals(UpstreamAnswer? other) =>
        ReferenceEquals(this, other) || (other is not null && Status == other.Status && ContentType == other.ContentType && Body.AsSpan().SequenceEqual(other.Body));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Status);
        hash.Add(ContentType);
        hash.AddBytes(Body);
        return hash.ToHashCode();
    }
}
