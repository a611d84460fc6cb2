using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hesione.Server;

namespace Hesione.Tests.Server;

/// <summary>A <see cref="ProxyHost"/> started on a temporary config file, with a client that does not decompress.</summary>
internal sealed class TestProxy : IAsyncDisposable
{
    private readonly string _configPath;
    private readonly ProxyHost _host;

    private TestProxy(string configPath, ProxyHost host)
    {
        _configPath = configPath;
        _host = host;
        Client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false })
        {
            BaseAddress = host.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public HttpClient Client { get; }

    public Uri BaseAddress => _host.BaseAddress;

    public static async Task<TestProxy> StartAsync(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hesione-test-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(path, yaml);
        try
        {
            return new TestProxy(path, await ProxyHost.StartAsync(path));
        }
        catch
        {
            File.Delete(path);
            throw;
        }
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

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
        File.Delete(_configPath);
    }
}
