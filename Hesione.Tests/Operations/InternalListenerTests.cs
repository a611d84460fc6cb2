using System.Net;
using FluentAssertions;
using Hesione.Server.Cli;
using Hesione.Server.Configuration;
using Hesione.Server.Hosting;
using Hesione.Server.Plan;
using Hesione.Server.Runtime;
using Hesione.Tests.Readme;
using Hesione.Tests.Server;
using Microsoft.AspNetCore.Http;
using Xunit;
using BackendProcess = Hesione.Tests.Backends.BackendProcess;

namespace Hesione.Tests.Operations;

/// <summary>
/// <c>internal_listen</c>: the operational endpoints apart from the tenants' listener, liveness (<c>/-/healthy</c>) on
/// every listener, readiness (<c>/-/ready</c>, <c>/health</c>) from cached probes, and the deploy files that use them.
/// </summary>
public sealed class InternalListenerTests : IAsyncLifetime
{
    private KestrelFakeUpstream _prometheus = null!;
    private KestrelFakeUpstream _victoria = null!;

    public async Task InitializeAsync()
    {
        _prometheus = await KestrelFakeUpstream.StartAsync();
        _victoria = await KestrelFakeUpstream.StartAsync();
        _prometheus.Respond = _victoria.Respond = context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        };
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        await _victoria.DisposeAsync();
    }

    private string Config(string top) => $"""
        {top}
        receivers:
          - name: tenant-alpha
            prom: {_prometheus.BaseAddress}
            label_name: namespace
            label: ns-alpha
          - name: tenant-beta
            prom: {_victoria.BaseAddress}
            flavor: victoriametrics
            label_name: namespace
            label: ns-beta
            auth: {"{"}user: grafana-beta, password: beta-password{"}"}
        """;

    private int ProbeCount(KestrelFakeUpstream upstream) => upstream.Requests.Count(r => r.Path is "/-/healthy" or "/health");

    [Fact]
    public async Task With_internal_listen_nothing_on_the_tenant_listener_names_a_receiver_or_a_backend()
    {
        await using var proxy = await TestProxy.StartAsync(Config("internal_listen: 127.0.0.1:0"));
        proxy.Host.InternalAddress.Should().NotBeNull();
        string[] secrets =
        [
            "tenant-alpha", "tenant-beta", "ns-alpha", "ns-beta", "alpha", "beta",
            _prometheus.BaseAddress.Authority, _victoria.BaseAddress.Authority,
            _prometheus.BaseAddress.Port.ToString(), _victoria.BaseAddress.Port.ToString(),
            "hesione_", "backend", "victoria", "prometheus",
        ];
        string[] paths =
        [
            "/metrics", "/health", "/-/ready", "/-/healthy", "/", "/nope", "/-/", "/-/reload", "/-/quit", "/-/ready/",
            "/metrics/", "/health/", "/health?verbose=1", "/HEALTH", "/Metrics", "/-/Ready", "/api/v1/query?query=up",
            "/federate", "/-/healthy/x", "/tenant-alpha/metrics", "/tenant-alpha/health", "/tenant-alpha/-/ready",
        ];
        using var unknown = await proxy.Client.GetAsync("/nope");
        var unknownBody = await unknown.Content.ReadAsStringAsync();

        foreach (var path in paths)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head, HttpMethod.Post })
            {
                using var response = await proxy.Client.SendAsync(new HttpRequestMessage(method, path));
                var body = await response.Content.ReadAsStringAsync();
                var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
                foreach (var secret in secrets)
                {
                    body.Should().NotContainEquivalentOf(secret, $"{method} {path} answered {(int)response.StatusCode}");
                    headers.Should().NotContainEquivalentOf(secret, $"{method} {path} answered {(int)response.StatusCode}");
                }
                if (path is "/metrics" or "/health" or "/-/ready" && method == HttpMethod.Get)
                {
                    response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
                    body.Should().Be(unknownBody, $"{path} must look like any unknown path");
                }
            }
        }
        using (var healthy = await proxy.Client.GetAsync("/-/healthy"))
        {
            healthy.StatusCode.Should().Be(HttpStatusCode.OK);
            (await healthy.Content.ReadAsStringAsync()).Should().Be("Hesione is Healthy.\n");
        }
        unknownBody.Should().Be("""{"status":"error","errorType":"bad_data","error":"authentication required"}""");
        ProbeCount(_prometheus).Should().Be(0, "nothing on the tenant listener probes a backend");
        ProbeCount(_victoria).Should().Be(0);
    }

    [Fact]
    public async Task The_internal_listener_serves_the_operational_endpoints_and_nothing_else()
    {
        await using var proxy = await TestProxy.StartAsync(Config("internal_listen: 127.0.0.1:0"));
        using var client = new HttpClient { BaseAddress = proxy.Host.InternalAddress };

        (await proxy.Client.GetAsync("tenant-alpha/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.OK);
        var metrics = await client.GetStringAsync("metrics");
        metrics.Should().Contain("hesione_requests_total{receiver=\"tenant-alpha\",endpoint=\"api/v1/query\",code=\"200\"} 1");

        using var health = await client.GetAsync("health");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        (await health.Content.ReadAsStringAsync()).Should().Be(
            """{"status":"up","receivers":[{"name":"tenant-alpha","backend":"up","status":200},{"name":"tenant-beta","backend":"up","status":200}]}""");
        using var ready = await client.GetAsync("-/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Hesione is Ready.\n");
        (await client.GetAsync("-/healthy")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "-/healthy"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "-/ready"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsync("metrics", null)).StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);

        foreach (var path in new[] { "tenant-alpha/api/v1/query?query=up", "nope", "" })
        {
            using var refused = await client.GetAsync(path);
            refused.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
            (await refused.Content.ReadAsStringAsync()).Should().Be("""{"status":"error","errorType":"not_found","error":"not found"}""");
        }
        _prometheus.Requests.Count(r => r.Path == "/api/v1/query").Should().Be(1, "the internal listener forwards nothing");
    }

    [Fact]
    public async Task The_internal_listener_may_be_localhost()
    {
        var port = BackendProcess.FreePort();
        await using var proxy = await TestProxy.StartAsync(Config($"internal_listen: localhost:{port}"));
        proxy.Host.InternalAddress!.Port.Should().Be(port);
        using var client = new HttpClient();
        (await client.GetAsync($"http://127.0.0.1:{port}/metrics")).StatusCode.Should().Be(HttpStatusCode.OK);
        if (System.Net.Sockets.Socket.OSSupportsIPv6)
            (await client.GetAsync($"http://[::1]:{port}/metrics")).StatusCode.Should().Be(HttpStatusCode.OK, "both loopback addresses are the internal listener");
        (await proxy.Client.GetAsync("metrics")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Without_internal_listen_everything_stays_on_the_one_listener()
    {
        await using var proxy = await TestProxy.StartAsync(Config(""));
        proxy.Host.InternalAddress.Should().BeNull();
        foreach (var path in new[] { "metrics", "health", "-/ready", "-/healthy" })
            (await proxy.Client.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK, path);
    }

    [Fact]
    public async Task Readiness_names_the_receivers_whose_backend_is_down_and_liveness_does_not_care()
    {
        var yaml = Config("internal_listen: 127.0.0.1:0") + $"""

              - name: tenant-gamma
                prom: http://127.0.0.1:{BackendProcess.FreePort()}
                label_name: namespace
                label: ns-gamma
            """;
        await using var proxy = await TestProxy.StartAsync(yaml);
        using var client = new HttpClient { BaseAddress = proxy.Host.InternalAddress };

        using var ready = await client.GetAsync("-/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Hesione is not ready: the backend of tenant-gamma is down.\n");
        (await client.GetAsync("health")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        (await HealthcheckCommand.RunAsync(new Uri(proxy.BaseAddress, "-/healthy").ToString(), TextWriter.Null, CancellationToken.None))
            .Should().Be(0, "a backend outage does not make Hesione itself unhealthy");
        (await HealthcheckCommand.RunAsync(new Uri(client.BaseAddress!, "-/ready").ToString(), TextWriter.Null, CancellationToken.None)).Should().Be(1);
    }

    [Fact]
    public async Task A_thousand_health_requests_in_about_a_second_probe_each_backend_at_most_once_per_5_seconds()
    {
        await using var proxy = await TestProxy.StartAsync(Config("internal_listen: 127.0.0.1:0"));
        using var client = new HttpClient { BaseAddress = proxy.Host.InternalAddress };
        var elapsed = await PacedRequests.ThousandAsync(client, i => i % 4 == 0 ? "-/ready" : "health");

        var allowed = 1 + (int)(elapsed.TotalSeconds / BackendProbes.Freshness.TotalSeconds);
        ProbeCount(_prometheus).Should().BeInRange(1, allowed, $"1,000 requests took {elapsed.TotalSeconds:F1} s");
        ProbeCount(_victoria).Should().BeInRange(1, allowed, $"1,000 requests took {elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task The_command_line_internal_listen_overrides_the_config_and_may_not_clash_with_listen()
    {
        var directory = BackendProcess.CreateTempDirectory("internal-listen");
        try
        {
            var path = Path.Combine(directory, "config.yml");
            await File.WriteAllTextAsync(path, Config(""));
            await using (var host = await ProxyHost.StartAsync(path, "127.0.0.1:0", new ProxyHostOptions { InternalListen = "127.0.0.1:0" }, CancellationToken.None))
            {
                host.InternalAddress.Should().NotBeNull();
                using var client = new HttpClient();
                (await client.GetAsync(new Uri(host.BaseAddress, "metrics"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
                (await client.GetAsync(new Uri(host.InternalAddress!, "metrics"))).StatusCode.Should().Be(HttpStatusCode.OK);
            }

            var port = BackendProcess.FreePort();
            var clash = () => ProxyHost.StartAsync(path, $"127.0.0.1:{port}", new ProxyHostOptions { InternalListen = $"*:{port}" }, CancellationToken.None);
            (await clash.Should().ThrowAsync<ConfigException>()).Which.Problems.Should().ContainSingle().Which.Should().Contain("clashes with listen");
        }
        finally
        {
            BackendProcess.TryDeleteDirectory(directory);
        }
    }

    [Fact]
    public void The_deploy_files_scrape_the_internal_listener_and_the_image_checks_liveness()
    {
        var root = ReadmeTests.RepositoryRoot();
        var config = ConfigLoader.Load(Path.Combine(root, "deploy", "hesione.yml"), _ => "a-password");
        var internalPort = ListenAddress.Parse(config.InternalListen!)!.Port;
        var listenPort = ListenAddress.Parse(config.Listen!)!.Port;
        var prometheus = File.ReadAllText(Path.Combine(root, "deploy", "prometheus", "prometheus.yml"));
        prometheus.Should().Contain($"\"hesione:{internalPort}\"").And.NotContain($"\"hesione:{listenPort}\"");
        var compose = File.ReadAllText(Path.Combine(root, "docker-compose.yml"));
        compose.Should().NotContain($"\"{internalPort}:{internalPort}\"", "the internal port is not published");
        File.ReadAllText(Path.Combine(root, "Dockerfile")).Should().Contain($"\"http://127.0.0.1:{listenPort}/-/healthy\"");
    }
}
