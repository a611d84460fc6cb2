using System.Net;
using System.Text;
using FluentAssertions;
using Hesione.Server.Cli;
using Hesione.Tests.Server;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary><c>/metrics</c>, <c>/health</c>, the audit log (no secrets, even at Debug) and the healthcheck verb.</summary>
public sealed class ObservabilityTests : IAsyncLifetime
{
    private const string ClientPassword = "Client-Pa55word-7f3e";
    private const string UpstreamPassword = "Upstream-Pa55word-9c1d";
    private const string WrongPassword = "Wrong-Pa55word-2b8a";

    private readonly CapturedLogs _logs = new();
    private KestrelFakeUpstream _upstream = null!;
    private TestProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _upstream = await KestrelFakeUpstream.StartAsync();
        _proxy = await TestProxy.StartAsync($"""
            receivers:
              - name: team-a
                prom: {_upstream.BaseAddress}
                label_name: namespace
                label: team-a
                auth: {"{"}user: grafana-a, password: "{ClientPassword}"{"}"}
                prom_auth: {"{"}user: reader, password: "{UpstreamPassword}"{"}"}
            """, _logs, LogLevel.Debug);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private async Task<HttpStatusCode> GetAsync(string path, string? password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (password is not null) request.Headers.Authorization = TestProxy.Basic("grafana-a", password);
        using var response = await _proxy.Client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Metrics_count_requests_refusals_and_time_rewrites_and_upstream_calls()
    {
        (await GetAsync("team-a/api/v1/query?query=up", ClientPassword)).Should().Be(HttpStatusCode.OK);
        (await GetAsync("team-a/api/v1/query?query=up", WrongPassword)).Should().Be(HttpStatusCode.Unauthorized);
        (await GetAsync("team-a/api/v1/query?query=sum(", ClientPassword)).Should().Be(HttpStatusCode.BadRequest);
        (await GetAsync("nobody/api/v1/query?query=up", null)).Should().Be(HttpStatusCode.Unauthorized);

        for (var i = 0; i < 50 && !(await _proxy.Client.GetStringAsync("metrics")).Contains("unknown_receiver"); i++) await Task.Delay(50);
        using var response = await _proxy.Client.GetAsync("metrics");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain("hesione_requests_total{receiver=\"team-a\",endpoint=\"api/v1/query\",code=\"200\"} 1");
        text.Should().Contain("hesione_refusals_total{receiver=\"team-a\",reason=\"unauthenticated\"} 1");
        text.Should().Contain("hesione_refusals_total{receiver=\"team-a\",reason=\"bad_query\"} 1");
        text.Should().Contain("hesione_refusals_total{receiver=\"\",reason=\"unknown_receiver\"} 1");
        text.Should().Contain("hesione_rewrite_duration_seconds_count{receiver=\"team-a\"} 2");
        text.Should().Contain("hesione_upstream_duration_seconds_count{receiver=\"team-a\",upstream=\"prometheus\"} 1");
        text.Should().Contain("hesione_in_flight_requests 1");
        text.Should().NotContain(ClientPassword).And.NotContain("namespace");
    }

    [Fact]
    public async Task Every_request_gets_one_audit_line_and_no_secret_is_ever_logged()
    {
        (await GetAsync("team-a/api/v1/query?query=up", ClientPassword)).Should().Be(HttpStatusCode.OK);
        (await GetAsync("team-a/api/v1/query?query=up", WrongPassword)).Should().Be(HttpStatusCode.Unauthorized);
        (await GetAsync("team-a/api/v1/query?query=up", null)).Should().Be(HttpStatusCode.Unauthorized);

        for (var i = 0; i < 50 && _logs.Lines.Count(l => l.Contains("audit ")) < 3; i++) await Task.Delay(50);
        var lines = _logs.Lines.ToList();
        var audit = lines.Where(l => l.Contains("audit ")).ToList();
        audit.Should().HaveCount(3);
        audit[0].Should().Contain("receiver=team-a").And.Contain("user=grafana-a").And.Contain("endpoint=api/v1/query").And.Contain("status=200");
        audit[1].Should().Contain("user=grafana-a").And.Contain("endpoint=api/v1/query").And.Contain("status=401");
        audit[2].Should().Contain("user=-").And.Contain("status=401");
        lines.Should().Contain(l => l.StartsWith("Debug") && l.Contains("up{namespace=\"team-a\"}"), "the enforced query is logged at Debug");

        string[] secrets =
        [
            ClientPassword, UpstreamPassword, WrongPassword,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"grafana-a:{ClientPassword}")),
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"reader:{UpstreamPassword}")),
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"grafana-a:{WrongPassword}")),
        ];
        foreach (var secret in secrets) lines.Should().NotContain(l => l.Contains(secret));
    }

    [Fact]
    public async Task Health_answers_and_the_healthcheck_verb_follows_it()
    {
        (await GetAsync("health", null)).Should().Be(HttpStatusCode.OK);
        using var error = new StringWriter();

        (await HealthcheckCommand.RunAsync(new Uri(_proxy.Host.BaseAddress, "health").ToString(), error, CancellationToken.None)).Should().Be(0);
        (await HealthcheckCommand.RunAsync(new Uri(_proxy.Host.BaseAddress, "nobody").ToString(), error, CancellationToken.None)).Should().Be(1);
        (await HealthcheckCommand.RunAsync("http://127.0.0.1:1/health", error, CancellationToken.None)).Should().Be(1);
        (await HealthcheckCommand.RunAsync("not a url", error, CancellationToken.None)).Should().Be(2, "a malformed URL is a usage error");
        error.ToString().Should().Contain("401");
    }
}
