using System.Net.Sockets;
using System.Text;
using FluentAssertions;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary>Malformed and hostile requests get a 4xx answer (never a 500, never a crash) and never reach the upstream.</summary>
public sealed class HostileRequestTests : IAsyncLifetime
{
    private KestrelFakeUpstream _upstream = null!;
    private TestProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _upstream = await KestrelFakeUpstream.StartAsync();
        _proxy = await TestProxy.StartAsync(TestProxy.Config(_upstream.BaseAddress, top: "max_query_length: 1000"));
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    public static TheoryData<string> Requests => new()
    {
        "GET /team-a/api/v1/query?query=%ZZ%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /team-a/api/v1/query?query=" + new string('(', 5000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /team-a/api/v1/query?query=%00 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /team-a/api/v1/query?query=%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /team-a/api/v1/query?query HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /team-a/api/v1/query?&&&=&= HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /team-a/api/v1/series?match[]= HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /team-a/api/v1/label/%C3%28/values HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /team-a/api/v1/query HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\nquery",
        "POST /team-a/api/v1/query HTTP/1.1\r\nHost: x\r\nContent-Type: ;;;\r\nContent-Length: 8\r\n\r\nquery=up",
        "POST /team-a/api/v1/query HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\nquery=up",
        "POST /team-a/api/v1/query HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
        "GET http://evil.example/team-a/api/v1/query?query=up HTTP/1.1\r\nHost: x\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /team-a/api/v1/query?query=up HTTP/1.0\r\n\r\n".Replace("query=up", "query=up{a=~\"(\"}"),
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Are_refused_with_a_4xx(string raw)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(_proxy.BaseAddress.Host, _proxy.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(raw.Replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n")));
        var answer = await new StreamReader(stream).ReadToEndAsync();

        answer.Should().MatchRegex(@"^HTTP/1\.[01] 4\d\d ", "the answer to {0} must be a 4xx", raw.Split("\r\n")[0]);
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task The_proxy_still_serves_after_hostile_input()
    {
        foreach (var raw in Requests) await Are_refused_with_a_4xx(raw);
        using var response = await _proxy.Client.GetAsync("team-a/api/v1/query?query=up");
        response.IsSuccessStatusCode.Should().BeTrue();
    }
}
