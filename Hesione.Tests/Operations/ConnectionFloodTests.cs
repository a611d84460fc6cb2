using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FluentAssertions;
using Hesione.Tests.Backends;
using Hesione.Tests.Server;
using KestrelFakeUpstream = Hesione.Tests.Server.KestrelFakeUpstream;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>
/// A flood of idle half-open connections (request line sent, headers never finished: no credentials needed) against
/// the real <c>hesione</c> process under <c>ulimit -n 512</c>: more connections than the descriptor limit. The process
/// stays alive throughout, a keep-alive connection opened before the flood is still served during it, and new clients
/// are served again within seconds after it.
/// </summary>
public sealed class ConnectionFloodTests
{
    private const int DescriptorLimit = 512;
    private const int FloodConnections = 700;

    [Fact]
    public async Task A_flood_past_the_descriptor_limit_neither_kills_the_process_nor_outlasts_itself()
    {
        await using var upstream = await KestrelFakeUpstream.StartAsync();
        var directory = BackendProcess.CreateTempDirectory("flood");
        await File.WriteAllTextAsync(Path.Combine(directory, "config.yml"), TestProxy.Config(upstream.BaseAddress));
        var port = BackendProcess.FreePort();
        var hesione = Environment.GetEnvironmentVariable("HESIONE_UNDER_TEST") ?? Path.Combine(AppContext.BaseDirectory, "hesione");
        await using var proxy = BackendProcess.Start($"hesione (ulimit -n {DescriptorLimit})", "/bin/bash", directory, port,
            ["-c", $"ulimit -n {DescriptorLimit} && exec '{hesione}' serve --config config.yml --listen 127.0.0.1:{port}"]);
        const string query = "team-a/api/v1/query?query=up";
        await proxy.WaitForHttpAsync(query, TimeSpan.FromSeconds(60));

        var connects = 0;
        using var keptAlive = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connects);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = proxy.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        (await keptAlive.GetAsync(query)).StatusCode.Should().Be(HttpStatusCode.OK);

        var flood = await OpenHalfOpenConnectionsAsync(port, FloodConnections);
        try
        {
            // How many of the attempts the kernel completes depends on the machine's load (a full backlog times them
            // out); what matters is that the flood went past the proxy's bound, which the proxy says in its log.
            (await LogSaysWithinAsync(proxy.LogPath, "refusing new connections", TimeSpan.FromSeconds(5)))
                .Should().BeTrue($"{FloodConnections} attempts ({flood.Count} completed) go past the connection bound; log:\n{proxy.Tail}");
            await Task.Delay(TimeSpan.FromSeconds(1));
            proxy.HasExited.Should().BeFalse(proxy.Tail);
            (await keptAlive.GetAsync(query)).StatusCode.Should().Be(HttpStatusCode.OK, "an established connection is still served");
            Volatile.Read(ref connects).Should().Be(1, "the request went over the connection opened before the flood");
        }
        finally
        {
            foreach (var socket in flood) socket.Dispose();
        }

        var recovered = await ServedWithinAsync(proxy.BaseAddress, query, TimeSpan.FromSeconds(5));
        recovered.Should().BeTrue($"new clients are served within seconds after the flood; log:\n{proxy.Tail}");
        proxy.HasExited.Should().BeFalse(proxy.Tail);
        (await File.ReadAllTextAsync(proxy.LogPath)).Should().Contain("refusing new connections");
    }

    /// <summary>Connections the kernel completed, each of which then sends a request line and one header, and nothing more.</summary>
    private static async Task<List<Socket>> OpenHalfOpenConnectionsAsync(int port, int count)
    {
        var head = Encoding.ASCII.GetBytes("GET /team-a/api/v1/query?query=up HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        var sockets = new List<Socket>();
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // The backlog is full: that is the flood's fate too.
                socket.Dispose();
                continue;
            }
            sockets.Add(socket);
            try
            {
                await socket.SendAsync(head);
            }
            catch (SocketException)
            {
                // Reset by the proxy already (beyond its bound).
            }
        }
        return sockets;
    }

    private static async Task<bool> LogSaysWithinAsync(string logPath, string text, TimeSpan window)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            if (File.Exists(logPath) && (await File.ReadAllTextAsync(logPath)).Contains(text, StringComparison.Ordinal)) return true;
            await Task.Delay(100);
        }
        return false;
    }

    private static async Task<bool> ServedWithinAsync(Uri baseAddress, string path, TimeSpan window)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            try
            {
                using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
                using var response = await client.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK) return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not yet.
            }
            await Task.Delay(100);
        }
        return false;
    }
}
