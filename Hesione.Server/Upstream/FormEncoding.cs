using System.Buffers;
using Microsoft.AspNetCore.WebUtilities;

namespace Hesione.Server.Upstream;

/// <summary>
/// <c>application/x-www-form-urlencoded</c>, the encoding of both URL queries and form bodies. Parameters are
/// decoded once into a list (order kept) and re-encoded canonically (everything but RFC 3986 unreserved characters
/// percent-encoded as UTF-8), so the upstream reads exactly the values the proxy checked.
/// </summary>
internal static class FormEncoding
{
    /// <summary>The most characters one UTF-16 character can become: three UTF-8 bytes, each <c>%XX</c>.</summary>
    private const int MaxEscapedPerChar = 9;

    public static void Decode(string? encoded, List<KeyValuePair<string, string>> into)
    {
        if (string.IsNullOrEmpty(encoded)) return;
        foreach (var pair in new QueryStringEnumerable(encoded))
            into.Add(new(pair.DecodeName().ToString(), pair.DecodeValue().ToString()));
    }

    /// <summary>The parameters encoded (<c>a=1&amp;b=2</c>), for a form body.</summary>
    public static string Encode(List<KeyValuePair<string, string>> parameters) => Url("", "", parameters);

    /// <summary>
    /// <paramref name="origin"/> and <paramref name="path"/> joined, with the parameters as the query
    /// (<c>http://host/api/v1/query?query=up</c>) when there are any; built in one string.
    /// </summary>
    public static string Url(string origin, string path, List<KeyValuePair<string, string>> parameters)
    {
        if (parameters.Count == 0) return origin + path;
        var prefix = origin.Length + path.Length;
        var bound = prefix + 1;
        foreach (var (name, value) in parameters) bound += MaxEscapedPerChar * (name.Length + value.Length) + 2;
        var buffer = ArrayPool<char>.Shared.Rent(bound);
        try
        {
            origin.CopyTo(buffer);
            path.CopyTo(buffer.AsSpan(origin.Length));
            var written = prefix;
            if (prefix > 0) buffer[written++] = '?';
            for (var i = 0; i < parameters.Count; i++)
            {
                if (i > 0) buffer[written++] = '&';
                written += Escape(parameters[i].Key, buffer.AsSpan(written));
                buffer[written++] = '=';
                written += Escape(parameters[i].Value, buffer.AsSpan(written));
            }
            return new string(buffer, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static int Escape(string text, Span<char> destination)
    {
        if (!Uri.TryEscapeDataString(text, destination, out var written))
            throw new InvalidOperationException("the escape buffer was sized too small");
        return written;
    }
}
