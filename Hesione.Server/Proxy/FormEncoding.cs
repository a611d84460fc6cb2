using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Hesione.Server.Proxy;

/// <summary>
/// <c>application/x-www-form-urlencoded</c>, the encoding of both URL queries and form bodies. Parameters are
/// decoded once into a list (order kept) and re-encoded canonically, so the upstream reads exactly the values
/// the proxy checked.
/// </summary>
internal static class FormEncoding
{
    public static void Decode(string? encoded, List<KeyValuePair<string, string>> into)
    {
        if (string.IsNullOrEmpty(encoded)) return;
        foreach (var pair in new QueryStringEnumerable(encoded))
            into.Add(new(pair.DecodeName().ToString(), pair.DecodeValue().ToString()));
    }

    public static string Encode(List<KeyValuePair<string, string>> parameters)
    {
        if (parameters.Count == 0) return "";
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (builder.Length > 0) builder.Append('&');
            builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return builder.ToString();
    }
}
