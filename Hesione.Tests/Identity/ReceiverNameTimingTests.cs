using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FluentAssertions;
using Hesione.Tests.Server;
using Xunit;

namespace Hesione.Tests.Identity;

/// <summary>
/// Found by the red team: an unknown receiver answered its 401 at once, while a receiver with bcrypt users spends a
/// bcrypt run on any Basic header before its 401, so the time of the answer told an unauthenticated client which
/// names are receivers (tenant names). Now a Basic header on an unknown name costs one bcrypt run at the highest cost.
/// </summary>
public sealed class ReceiverNameTimingTests
{
    // Cost 12: a bcrypt run takes well over 50 ms on any machine, far above the rest of a 401.
    private static readonly string SlowHash = BCrypt.Net.BCrypt.HashPassword("right", 12);

    private static async Task<(KestrelFakeUpstream Upstream, TestProxy Proxy)> StartAsync()
    {
        var upstream = await KestrelFakeUpstream.StartAsync();
        return (upstream, await TestProxy.StartAsync($$"""
            receivers:
              - name: hidden-team
                prom: {{upstream.BaseAddress}}
                label_name: namespace
                label: hidden-team
                auth: {users: [{user: alice, password_hash: "{{SlowHash}}"}]}
            """));
    }

    [Fact]
    public async Task A_Basic_header_on_an_unknown_name_costs_what_it_costs_on_a_receiver_with_users()
    {
        var (upstream, proxy) = await StartAsync();
        await using var _ = upstream;
        await using var __ = proxy;
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            known.Add(await TimedRefusal(proxy, "hidden-team"));
            unknown.Add(await TimedRefusal(proxy, "no-such-team"));
        }
        known.Min().Should().BeGreaterThan(50, because: "a wrong password on the receiver costs a bcrypt run of cost 12");
        unknown.Min().Should().BeGreaterThan(known.Min() / 2,
            because: $"an unknown name must not answer faster than a receiver with users (known {string.Join(", ", known)} ms, unknown {string.Join(", ", unknown)} ms)");
    }

    [Fact]
    public async Task Without_a_Basic_header_an_unknown_name_answers_as_a_receiver_with_users_does()
    {
        var (upstream, proxy) = await StartAsync();
        await using var _ = upstream;
        await using var __ = proxy;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-team/api/v1/query?query=up");
        using var response = await proxy.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        // The receiver with users answers a request without credentials at once too.
        using var toKnown = new HttpRequestMessage(HttpMethod.Get, "/hidden-team/api/v1/query?query=up");
        using var knownResponse = await proxy.Client.SendAsync(toKnown);
        knownResponse.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Be(await knownResponse.Content.ReadAsStringAsync());
    }

    private static async Task<double> TimedRefusal(TestProxy proxy, string receiver)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{receiver}/api/v1/query?query=up");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("mallory:wrong")));
        var clock = Stopwatch.StartNew();
        using var response = await proxy.Client.SendAsync(request);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        return elapsed;
    }
}
