using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hesione.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Hesione.Tests.Server;

/// <summary>A <see cref="ProxyHost"/> on a config file in its own temp directory, with a plain HTTP client.</summary>
internal sealed class TestProxy : IAsyncDisposable
{
    private TestProxy(string directory, ProxyHost host)
    {
        Directory = directory;
        Host = host;
        Client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false })
        {
            BaseAddress = host.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "config.yml");

    public ProxyHost Host { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress => Host.BaseAddress;

    public static async Task<TestProxy> StartAsync(string yaml, ILoggerProvider? logs = null, LogLevel level = LogLevel.Information, TimeProvider? clock = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"hesione-test-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(path, yaml);
        try
        {
            var host = await ProxyHost.StartAsync(path, "127.0.0.1:0", new ProxyHostOptions { LoggerProvider = logs, MinimumLevel = level, Clock = clock ?? TimeProvider.System }, CancellationToken.None);
            return new TestProxy(directory, host);
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>GET <paramref name="path"/>; returns the status and the parsed JSON body (null when not JSON).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Json)> GetJsonAsync(string path, AuthenticationHeaderValue? auth = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = auth } };
        using var response = await Client.SendAsync(request);
        return (response.StatusCode, await ParseAsync(response));
    }

    public async Task<(HttpStatusCode Status, JsonElement Json)> SendJsonAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Client.SendAsync(request);
        return (response.StatusCode, await ParseAsync(response));
    }

    /// <summary>A config with one receiver <c>team-a</c> scoped to <c>namespace="team-a"</c> in front of <paramref name="upstream"/>, plus <paramref name="extra"/> receiver keys.</summary>
    public static string Config(Uri upstream, string extra = "", string top = "") => $"""
        {top}
        receivers:
          - name: team-a
            prom: {upstream}
            label_name: namespace
            label: team-a
        {Indent(extra)}
        """;

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : "    " + line));

    private static async Task<JsonElement> ParseAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return default;
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
