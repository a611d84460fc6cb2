using System.Globalization;

namespace Hesione.Tests.Isolation;

/// <summary>How many requests a real Prometheus says it served, by handler (<c>prometheus_http_requests_total</c>): proof that a request reached it, or not.</summary>
internal static partial class PrometheusRequestCounter
{
    [System.Text.RegularExpressions.GeneratedRegex("""^prometheus_http_requests_total\{[^}]*handler="([^"]*)"[^}]*\} (\S+)$""", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex Sample();

    /// <summary>The requests served by the <paramref name="handlers"/> (e.g. <c>/api/v1/query</c>, <c>/-/healthy</c>) so far.</summary>
    public static async Task<double> CountAsync(Uri prometheus, params string[] handlers)
    {
        var text = await Api.Http.GetStringAsync(new Uri(prometheus, "metrics"));
        return Sample().Matches(text)
            .Where(m => handlers.Contains(m.Groups[1].Value, StringComparer.Ordinal))
            .Sum(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }
}
