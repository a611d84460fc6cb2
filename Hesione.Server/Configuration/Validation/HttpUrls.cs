namespace Hesione.Server.Configuration;

/// <summary>Checks on URLs given in the config.</summary>
internal static class HttpUrls
{
    /// <summary>The problem with <paramref name="text"/> as an absolute http(s) URL without credentials, query or fragment, or null.</summary>
    public static string? Problem(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
            return "not an absolute http(s) URL";
        if (uri.UserInfo.Length > 0) return "credentials in the URL are not allowed; use prom_auth";
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0) return "a query or fragment is not allowed in the URL";
        return null;
    }
}
