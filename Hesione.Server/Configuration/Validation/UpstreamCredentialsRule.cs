using System.Collections.Frozen;

namespace Hesione.Server.Configuration;

/// <summary>
/// What a receiver adds to upstream requests: the <c>prom_auth</c> user, and <c>headers</c> that are valid, given once,
/// single-line, neither set by the proxy itself nor the <c>Authorization</c> that <c>prom_auth</c> sets.
/// </summary>
internal static class UpstreamCredentialsRule
{
    private static readonly FrozenSet<string> ForbiddenHeaders = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "Host", "Content-Length", "Content-Type", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive", "TE", "Trailer", "Upgrade", "Expect");

    public static void Check(ReceiverSettings receiver, ScopeOutcome scope, Validation validation)
    {
        if (receiver.PromAuth is { } promAuth) validation.CheckUserName(promAuth.PathOf("user"), promAuth.User);
        var path = receiver.PathOf("headers");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in receiver.Headers ?? [])
        {
            var headerPath = ConfigProblems.Child(path, name);
            if (!Validation.IsHeaderName(name)) validation.Add(path, $"{name}: not a valid header name");
            else if (ForbiddenHeaders.Contains(name) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)) validation.Add(headerPath, "this header is set by the proxy itself");
            else if (receiver.Has("prom_auth") && name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) validation.Add(headerPath, "conflicts with prom_auth");
            else if (!seen.Add(name)) validation.Add(headerPath, "given twice");
            else if (value.AsSpan().ContainsAny('\r', '\n', '\0')) validation.Add(headerPath, "a header value cannot contain line breaks");
        }
    }
}
