using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;

namespace Hesione.Server.Upstream;

/// <summary>
/// Which headers cross the proxy. Upstream, only an allow-list of client headers goes (never
/// <c>Authorization</c>, cookies or tenant headers such as <c>X-Scope-OrgID</c>); back to the client,
/// every upstream header but the hop-by-hop ones (and those named by <c>Connection</c>).
/// </summary>
internal static class HeaderRules
{
    private static readonly string[] Forwarded =
        ["Accept", "Accept-Encoding", "Accept-Language", "User-Agent", "traceparent", "tracestate", "X-Request-Id"];

    private static readonly FrozenSet<string> HopByHop = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization");

    public static void CopyRequestHeaders(IHeaderDictionary from, HttpRequestMessage to)
    {
        foreach (var name in Forwarded)
            if (from.TryGetValue(name, out var values)) to.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
    }

    public static void CopyResponseHeaders(HttpResponseMessage from, HttpResponse to)
    {
        from.Headers.NonValidated.TryGetValues("Connection", out var connection);
        Copy(from.Headers.NonValidated, connection, to.Headers);
        Copy(from.Content.Headers.NonValidated, connection, to.Headers);
    }

    private static void Copy(System.Net.Http.Headers.HttpHeadersNonValidated headers, System.Net.Http.Headers.HeaderStringValues connection, IHeaderDictionary to)
    {
        foreach (var (name, values) in headers)
        {
            if (HopByHop.Contains(name) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || NamedBy(connection, name)) continue;
            to[name] = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
        }
    }

    private static bool NamedBy(System.Net.Http.Headers.HeaderStringValues connection, string name)
    {
        foreach (var value in connection)
            foreach (var range in value.AsSpan().Split(','))
                if (value.AsSpan()[range].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
