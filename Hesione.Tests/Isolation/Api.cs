using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Hesione.Tests.Isolation;

/// <summary>An HTTP answer, read whole.</summary>
public sealed record Answer(HttpStatusCode Status, string Body, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    public string Normalised => PromJson.Normalise(Status, Body);

    public override string ToString() => $"{(int)Status} {PromJson.Truncate(Body, 600)}";
}

/// <summary>Plain HTTP helpers for talking to the proxy and to backends the way API clients (and Grafana) do.</summary>
public static class Api
{
    public static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static IReadOnlyList<KeyValuePair<string, string>> P(params (string Name, string Value)[] parameters) =>
        P((IEnumerable<(string Name, string Value)>)parameters);

    public static IReadOnlyList<KeyValuePair<string, string>> P(IEnumerable<(string Name, string Value)> parameters) =>
        parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)).ToList();

    /// <summary>application/x-www-form-urlencoded encoding (also used for query strings).</summary>
    public static string Form(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join("&", parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    public static Uri Url(Uri baseAddress, string path, IEnumerable<KeyValuePair<string, string>>? parameters = null)
    {
        var query = parameters is null ? "" : Form(parameters);
        var url = new Uri(baseAddress, path.TrimStart('/'));
        return query.Length == 0 ? url : new Uri(url + "?" + query);
    }

    /// <summary>A URL sent exactly as written: no dot-segment removal, no unescaping (for path traversal attempts).</summary>
    public static Uri Raw(Uri baseAddress, string pathAndQuery) =>
        new(baseAddress.GetLeftPart(UriPartial.Authority) + pathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    public static Task<Answer> GetAsync(Uri baseAddress, string path, IEnumerable<KeyValuePair<string, string>>? parameters = null, AuthenticationHeaderValue? auth = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, Url(baseAddress, path, parameters)) { Headers = { Authorization = auth } });

    public static Task<Answer> PostFormAsync(
        Uri baseAddress,
        string path,
        IEnumerable<KeyValuePair<string, string>> form,
        IEnumerable<KeyValuePair<string, string>>? urlParameters = null,
        AuthenticationHeaderValue? auth = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url(baseAddress, path, urlParameters))
        {
            Content = new StringContent(Form(form), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Content.Headers.ContentType!.CharSet = null;
        request.Headers.Authorization = auth;
        return SendAsync(request);
    }

    /// <summary>GET or POST form, as chosen by <paramref name="post"/>.</summary>
    public static Task<Answer> RequestAsync(bool post, Uri baseAddress, string path, IEnumerable<KeyValuePair<string, string>> parameters) =>
        post ? PostFormAsync(baseAddress, path, parameters) : GetAsync(baseAddress, path, parameters);

    public static async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new Answer(response.StatusCode, body, response.Headers, response.Content.Headers);
        }
    }

    public static AuthenticationHeaderValue BasicAuth(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
