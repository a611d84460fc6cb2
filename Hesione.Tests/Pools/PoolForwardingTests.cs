using System.Diagnostics;
using System.Net;
using FluentAssertions;
using Hesione.Tests.Server;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Hesione.Tests.Pools;

/// <summary>A receiver backed by a pool, in front of in-process fake backends (the real-Prometheus runs are in <see cref="PrometheusPoolTests"/>).</summary>
public sealed class PoolForwardingTests
{
    private static string Config(string prom, string extra = "", string top = "") => $"""
        {top}
        receivers:
          - name: team-a
            prom: {prom}
            label_name: namespace
            label: team-a
        {string.Join('\n', extra.Split('\n').Select(line => line.Length == 0 ? line : "    " + line))}
        """;

    private static Task Fail(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync("starting");
    }

    private static async Task<Uri> DeadAddress()
    {
        var gone = await KestrelFakeUpstream.StartAsync();
        var address = gone.BaseAddress;
        await gone.DisposeAsync();
        return address;
    }

    [Fact]
    public async Task A_failed_read_moves_to_the_next_backend_with_every_receiver_key_applied_to_each()
    {
        await using var a = await KestrelFakeUpstream.StartAsync();
        await using var b = await KestrelFakeUpstream.StartAsync();
        a.Respond = context => Fail(context, 503);
        await using var proxy = await TestProxy.StartAsync(Config(
            $"['{a.BaseAddress}prefix-a', '{b.BaseAddress}prefix-b/']",
            "prom_auth: {user: reader, password: secret}\nheaders: {X-Scope-OrgID: tenant-1}"));

        using var response = await proxy.Client.PostAsync("team-a/api/v1/query", new FormUrlEncodedContent([new("query", "up")]));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var tried = a.Single;
        var served = b.Single;
        tried.Path.Should().Be("/prefix-a/api/v1/query");
        served.Path.Should().Be("/prefix-b/api/v1/query");
        foreach (var request in new[] { tried, served })
        {
            request.Method.Should().Be("POST");
            request.Body.Should().Be("query=up%7Bnamespace%3D%22team-a%22%7D");
            request.Headers["Authorization"].Should().Be(TestProxy.Basic("reader", "secret").ToString());
            request.Headers["X-Scope-OrgID"].Should().Be("tenant-1");
        }
    }

    [Fact]
    public async Task First_available_keeps_reading_one_replica_and_skips_one_that_failed()
    {
        await using var a = await KestrelFakeUpstream.StartAsync();
        await using var b = await KestrelFakeUpstream.StartAsync();
        await using var proxy = await TestProxy.StartAsync(Config($"['{a.BaseAddress}', '{b.BaseAddress}']"));
        for (var i = 0; i < 5; i++) (await proxy.Client.GetAsync("team-a/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.OK);
        a.Requests.Should().HaveCount(5);
        b.Requests.Should().BeEmpty();

        a.Respond = context => Fail(context, 502);
        for (var i = 0; i < 5; i++) (await proxy.Client.GetAsync("team-a/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.OK);

        a.Requests.Should().HaveCount(6, "after its 502 the first replica is left alone for its back-off");
        b.Requests.Should().HaveCount(5);
    }

    [Fact]
    public async Task A_stuck_backend_costs_one_timeout_then_is_skipped()
    {
        await using var stuck = Backends.RawTcpUpstream.Start(mode: Backends.FakeMode.Hang);
        await using var b = await KestrelFakeUpstream.StartAsync();
        await using var proxy = await TestProxy.StartAsync(Config($"['{stuck.BaseAddress}', '{b.BaseAddress}']", "timeout: 1s"));

        var first = Stopwatch.StartNew();
        using var response = await proxy.Client.GetAsync("team-a/api/v1/query?query=up");
        first.Stop();
        var second = Stopwatch.StartNew();
        using var next = await proxy.Client.GetAsync("team-a/api/v1/query?query=up");
        second.Stop();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        first.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(0.9)).And.BeLessThan(TimeSpan.FromSeconds(3));
        next.StatusCode.Should().Be(HttpStatusCode.OK);
        second.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(0.5), "the stuck backend is down for its back-off");
        b.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Every_backend_down_is_a_fast_502_unavailable()
    {
        var a = await DeadAddress();
        var b = await DeadAddress();
        await using var proxy = await TestProxy.StartAsync(Config($"['{a}', '{b}']", top: "retries: 5"));

        for (var i = 0; i < 3; i++)
        {
            var started = Stopwatch.StartNew();
            using var response = await proxy.Client.GetAsync("team-a/api/v1/query?query=up");
            started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "no retry delays, no waiting on backends known down");
            await ForwardingTests.ExpectError(response, HttpStatusCode.BadGateway, "unavailable", "upstream unreachable");
        }
    }

    [Fact]
    public async Task Every_backend_answering_503_is_a_502_unavailable_even_without_retries()
    {
        await using var a = await KestrelFakeUpstream.StartAsync();
        await using var b = await KestrelFakeUpstream.StartAsync();
        a.Respond = context => Fail(context, 503);
        b.Respond = context => Fail(context, 503);
        await using var proxy = await TestProxy.StartAsync(Config($"['{a.BaseAddress}', '{b.BaseAddress}']", top: "retries: 0"));

        using var response = await proxy.Client.GetAsync("team-a/api/v1/query?query=up");

        await ForwardingTests.ExpectError(response, HttpStatusCode.BadGateway, "unavailable", "upstream unreachable");
        a.Requests.Should().ContainSingle();
        b.Requests.Should().ContainSingle("a pool tries each backend once, whatever retries says");
    }

    [Fact]
    public async Task A_backend_answer_that_breaks_off_after_its_headers_is_not_retried_elsewhere()
    {
        await using var a = await KestrelFakeUpstream.StartAsync();
        await using var b = await KestrelFakeUpstream.StartAsync();
        a.Respond = async context =>
        {
            context.Response.ContentLength = 1_000_000;
            await context.Response.WriteAsync("{\"status\":\"success\",\"data\":\"" + new string('x', 100_000));
            await context.Response.Body.FlushAsync();
            await Task.Delay(300);
            context.Abort();
        };
        await using var proxy = await TestProxy.StartAsync(Config($"['{a.BaseAddress}', '{b.BaseAddress}']"));

        var read = async () =>
        {
            using var response = await proxy.Client.GetAsync("team-a/api/v1/query?query=up");
            await response.Content.ReadAsStringAsync();
        };

        await read.Should().ThrowAsync<HttpRequestException>("the answer had started: the connection is cut");
        b.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_readiness_probe_that_finds_a_failed_backend_up_brings_it_back_before_its_back_off_ends()
    {
        await using var a = await KestrelFakeUpstream.StartAsync();
        await using var b = await KestrelFakeUpstream.StartAsync();
        a.Respond = context => Fail(context, 503);
        await using var proxy = await TestProxy.StartAsync(Config($"['{a.BaseAddress}', '{b.BaseAddress}']"));
        (await proxy.Client.GetAsync("team-a/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.OK);
        var first = a.BaseAddress.ToString().TrimEnd('/');
        (await proxy.Client.GetStringAsync("metrics")).Should().Contain($"hesione_upstream_up{{receiver=\"team-a\",upstream=\"{first}\"}} 0");

        a.Respond = context => context.Response.WriteAsync("""{"status":"success","data":[]}""");
        using var health = await proxy.Client.GetAsync("health");

        (await health.Content.ReadAsStringAsync()).Should().Contain($$"""{"upstream":"{{first}}","backend":"up","status":200,"passive":"up"}""");
        (await proxy.Client.GetStringAsync("metrics")).Should().Contain($"hesione_upstream_up{{receiver=\"team-a\",upstream=\"{first}\"}} 1");
        (await proxy.Client.GetAsync("team-a/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.OK);
        a.Requests.Where(r => r.Path == "/api/v1/query").Should().HaveCount(2, "first_available reads from the first again");
    }

    [Fact]
    public async Task A_silence_posted_to_a_pool_receiver_goes_once_to_its_single_Alertmanager_never_retried()
    {
        await using var a = await KestrelFakeUpstream.StartAsync();
        await using var b = await KestrelFakeUpstream.StartAsync();
        await using var alertmanager = await KestrelFakeUpstream.StartAsync();
        alertmanager.Respond = context => Fail(context, 503);
        await using var proxy = await TestProxy.StartAsync(Config($"['{a.BaseAddress}', '{b.BaseAddress}']", $"alertmanager: {alertmanager.BaseAddress}"));

        var (status, _) = await proxy.SendJsonAsync(HttpMethod.Post, "team-a/api/v2/silences",
            Operations.AlertmanagerFixture.Silence(Operations.AlertmanagerFixture.Matcher("namespace", "team-a")));

        ((int)status).Should().BeGreaterThanOrEqualTo(500);
        alertmanager.Requests.Where(r => r.Method == "POST").Should().ContainSingle();
        a.Requests.Should().BeEmpty();
        b.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Health_readiness_and_metrics_show_each_backend_of_the_pool()
    {
        await using var a = await KestrelFakeUpstream.StartAsync();
        var dead = await DeadAddress();
        await using var proxy = await TestProxy.StartAsync(Config($"['{a.BaseAddress}', '{dead}']", "balance: least_loaded"));
        for (var i = 0; i < 4; i++) (await proxy.Client.GetAsync("team-a/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.OK);
        var up = a.BaseAddress.ToString().TrimEnd('/');
        var down = dead.ToString().TrimEnd('/');

        using var health = await proxy.Client.GetAsync("health");
        health.StatusCode.Should().Be(HttpStatusCode.OK, "a receiver with one backend up serves");
        (await health.Content.ReadAsStringAsync()).Should().Be(
            $$"""{"status":"up","receivers":[{"name":"team-a","backend":"up","status":200,"backends":[{"upstream":"{{up}}","backend":"up","status":200,"passive":"up"},{"upstream":"{{down}}","backend":"down","status":null,"passive":"down"}]}]}""");
        using var ready = await proxy.Client.GetAsync("-/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be($"Hesione is Ready.\npool team-a: {up} up, {down} down\n");

        var metrics = await proxy.Client.GetStringAsync("metrics");
        metrics.Should().Contain($"hesione_upstream_up{{receiver=\"team-a\",upstream=\"{up}\"}} 1")
            .And.Contain($"hesione_upstream_up{{receiver=\"team-a\",upstream=\"{down}\"}} 0")
            .And.Contain($"hesione_upstream_requests_total{{receiver=\"team-a\",upstream=\"{up}\",outcome=\"answered\"}} 4")
            .And.Contain($"hesione_upstream_requests_total{{receiver=\"team-a\",upstream=\"{down}\",outcome=\"connection_failure\"}} 1");
    }
}
