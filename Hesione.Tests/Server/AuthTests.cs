using System.Net;
using FluentAssertions;
using Xunit;

namespace Hesione.Tests.Server;

public sealed class AuthTests : IAsyncLifetime
{
    private KestrelFakeUpstream _upstream = null!;
    private TestProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _upstream = await KestrelFakeUpstream.StartAsync();
        _proxy = await TestProxy.StartAsync($$"""
            receivers:
              - name: guarded
                prom: {{_upstream.BaseAddress}}
                label_name: namespace
                label: team-a
                auth: {user: grafana-a, password: "p@ss: word"}
              - name: preserved
                prom: {{_upstream.BaseAddress}}
                label_name: namespace
                label: team-b
                auth: preserve
                prom_auth: {user: reader, password: secret}
              - name: open
                prom: {{_upstream.BaseAddress}}
                label_name: namespace
                label: team-c
            """);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private async Task<HttpResponseMessage> Get(string path, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await _proxy.Client.SendAsync(request);
    }

    public static TheoryData<string?> WrongCredentials => new()
    {
        null,
        TestProxy.Basic("grafana-a", "wrong").ToString(),
        TestProxy.Basic("grafana-b", "p@ss: word").ToString(),
        TestProxy.Basic("reader", "secret").ToString(),
        "Bearer p@ss: word",
        "Basic not-base64",
    };

    [Theory]
    [MemberData(nameof(WrongCredentials))]
    public async Task Refuses_missing_or_wrong_credentials_with_401_and_a_challenge(string? authorization)
    {
        using var response = await Get("guarded/api/v1/query?query=up", authorization);

        await ForwardingTests.ExpectError(response, HttpStatusCode.Unauthorized, "bad_data", "authentication required");
        response.Headers.WwwAuthenticate.ToString().Should().Be("Basic realm=\"hesione\", Bearer realm=\"hesione\"");
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Refuses_before_telling_whether_a_path_exists()
    {
        using var response = await Get("guarded/api/v1/admin/tsdb/snapshot", null);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("guarded/api/v1/query?query=up", "no-such-receiver/api/v1/query?query=up")]
    [InlineData("guarded/api/v1/status/config", "no-such-receiver/api/v1/status/config")]
    [InlineData("guarded/", "no-such-receiver/")]
    public async Task An_unknown_receiver_answers_as_a_known_one_does_without_credentials(string known, string unknown)
    {
        await AnswersAlike(known, unknown, null);
        await AnswersAlike(known, unknown, "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        await AnswersAlike(known, unknown, TestProxy.Basic("grafana-a", "wrong").ToString());
    }

    private async Task AnswersAlike(string known, string unknown, string? authorization)
    {
        using var knownResponse = await Get(known, authorization);
        using var unknownResponse = await Get(unknown, authorization);

        unknownResponse.StatusCode.Should().Be(knownResponse.StatusCode).And.Be(HttpStatusCode.Unauthorized);
        unknownResponse.Headers.WwwAuthenticate.ToString().Should().Be(knownResponse.Headers.WwwAuthenticate.ToString());
        (await unknownResponse.Content.ReadAsStringAsync()).Should().Be(await knownResponse.Content.ReadAsStringAsync());
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Accepts_the_right_credentials_and_never_forwards_them()
    {
        using var response = await Get("guarded/api/v1/query?query=up", TestProxy.Basic("grafana-a", "p@ss: word").ToString());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _upstream.Single.Headers.Should().NotContainKey("Authorization");
    }

    [Fact]
    public async Task Preserve_requires_the_prom_auth_credentials_and_forwards_them()
    {
        using (var refused = await Get("preserved/api/v1/query?query=up", TestProxy.Basic("reader", "wrong").ToString()))
            refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var response = await Get("preserved/api/v1/query?query=up", TestProxy.Basic("reader", "secret").ToString());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _upstream.Single.Headers["Authorization"].Should().Be(TestProxy.Basic("reader", "secret").ToString());
    }

    [Fact]
    public async Task An_open_receiver_drops_the_client_authorization()
    {
        using var response = await Get("open/api/v1/query?query=up", "Bearer client-token");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _upstream.Single.Headers.Should().NotContainKey("Authorization");
    }
}
