using System.Net;
using System.Text.Json;
using FluentAssertions;
using Hesione.Tests.Backends;
using Hesione.Tests.Server;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>The real Prometheus with rules, and a proxy in front of it with receivers team-a and team-b.</summary>
public sealed class RulesFixture : IAsyncLifetime, IStartsRealBackends
{
    private RulesPrometheus? _prometheus;
    private TestProxy? _proxy;

    internal TestProxy Proxy => _proxy ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        if (new OperationsFactAttribute().Skip is not null) return;
        _prometheus = await RulesPrometheus.StartAsync();
        _proxy = await TestProxy.StartAsync($"""
            receivers:
              - name: team-a
                prom: {_prometheus.Upstream}
                label_name: namespace
                label: team-a
              - name: team-b
                prom: {_prometheus.Upstream}
                labels: {"{namespace: team-b}"}
              - name: both
                prom: {_prometheus.Upstream}
                labels: {"{namespace: [team-a, team-b]}"}
            """);
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        if (_prometheus is not null) await _prometheus.DisposeAsync();
    }
}

/// <summary>
/// <c>/api/v1/rules</c>, <c>/api/v1/alerts</c> and <c>/api/v1/metadata</c> through the proxy against a real Prometheus
/// under a route prefix: each tenant sees its own rules, alerts and metadata only.
/// </summary>
public sealed class RulesAndAlertsTests(RulesFixture fixture) : IClassFixture<RulesFixture>
{
    private static List<(string Group, string Name, string Type)> Rules(JsonElement json) =>
        json.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray().Select(r =>
                (g.GetProperty("name").GetString()!, r.GetProperty("name").GetString()!, r.GetProperty("type").GetString()!)))
            .ToList();

    private static List<string> Namespaces(IEnumerable<JsonElement> alerts) =>
        alerts.Select(a => a.GetProperty("labels").TryGetProperty("namespace", out var ns) ? ns.GetString()! : "").ToList();

    [OperationsFact]
    public async Task A_tenant_sees_only_its_own_rules()
    {
        var (status, json) = await fixture.Proxy.GetJsonAsync("team-a/api/v1/rules");

        status.Should().Be(HttpStatusCode.OK);
        json.GetProperty("status").GetString().Should().Be("success");
        Rules(json).Select(r => r.Name).Should().BeEquivalentTo("TeamAAlert", "team_a:demo_requests:sum", "team_a:labelled");
        Rules(json).Select(r => r.Group).Distinct().Should().Equal("team-a-rules");
    }

    [OperationsFact]
    public async Task The_other_tenant_sees_its_own_and_a_multi_value_scope_sees_both()
    {
        var (_, teamB) = await fixture.Proxy.GetJsonAsync("team-b/api/v1/rules");
        Rules(teamB).Select(r => r.Name).Should().BeEquivalentTo("TeamBAlert", "team_b:demo_requests:sum");

        var (_, both) = await fixture.Proxy.GetJsonAsync("both/api/v1/rules");
        Rules(both).Select(r => r.Name).Should().BeEquivalentTo("TeamAAlert", "team_a:labelled", "TeamBAlert");
    }

    [OperationsFact]
    public async Task The_active_alerts_of_a_kept_rule_are_the_tenants()
    {
        var (_, json) = await fixture.Proxy.GetJsonAsync("team-a/api/v1/rules?type=alert");

        var rules = json.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
        rules.Should().ContainSingle().Which.GetProperty("name").GetString().Should().Be("TeamAAlert");
        Namespaces(rules[0].GetProperty("alerts").EnumerateArray()).Should().Equal("team-a");
    }

    [OperationsFact]
    public async Task Alerts_are_filtered_by_their_labels()
    {
        var (status, json) = await fixture.Proxy.GetJsonAsync("team-a/api/v1/alerts");

        status.Should().Be(HttpStatusCode.OK);
        var alerts = json.GetProperty("data").GetProperty("alerts").EnumerateArray().ToList();
        Namespaces(alerts).Should().OnlyContain(ns => ns == "team-a");
        alerts.Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()).Should().BeEquivalentTo("TeamAAlert", "PerNamespace");
    }

    [OperationsFact]
    public async Task Metadata_shows_only_metrics_the_tenant_has_series_of()
    {
        var (status, json) = await fixture.Proxy.GetJsonAsync("team-a/api/v1/metadata");

        status.Should().Be(HttpStatusCode.OK);
        var names = json.GetProperty("data").EnumerateObject().Select(p => p.Name).ToList();
        names.Should().Contain(["demo_requests_total", "team_a_only_bytes"]);
        names.Should().NotContain("team_b_secret_bytes");
        names.Should().NotContain("up", "the scrape's own series carry no namespace");
        json.GetProperty("data").GetProperty("team_a_only_bytes")[0].GetProperty("help").GetString().Should().Be("A gauge only team-a has.");
    }

    [OperationsFact]
    public async Task Metadata_of_a_named_metric_of_another_tenant_stays_hidden()
    {
        var (_, hidden) = await fixture.Proxy.GetJsonAsync("team-a/api/v1/metadata?metric=team_b_secret_bytes");
        hidden.GetProperty("data").EnumerateObject().Should().BeEmpty();

        var (_, visible) = await fixture.Proxy.GetJsonAsync("team-b/api/v1/metadata?metric=team_b_secret_bytes");
        visible.GetProperty("data").EnumerateObject().Select(p => p.Name).Should().Equal("team_b_secret_bytes");
    }

    [OperationsFact]
    public async Task Metadata_limit_counts_visible_metrics_only()
    {
        var (_, json) = await fixture.Proxy.GetJsonAsync("team-a/api/v1/metadata?limit=1");
        json.GetProperty("data").EnumerateObject().Should().ContainSingle().Which.Name.Should().NotBe("team_b_secret_bytes");

        var (status, _) = await fixture.Proxy.GetJsonAsync("team-a/api/v1/metadata?limit=x");
        status.Should().Be(HttpStatusCode.BadRequest);
    }

    [OperationsFact]
    public async Task Queries_and_health_work_through_the_route_prefix()
    {
        var (status, json) = await fixture.Proxy.GetJsonAsync("team-a/api/v1/query?query=demo_requests_total");
        status.Should().Be(HttpStatusCode.OK);
        json.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => r.GetProperty("metric").GetProperty("namespace").GetString()).Should().Equal("team-a");

        var (healthStatus, health) = await fixture.Proxy.GetJsonAsync("health");
        healthStatus.Should().Be(HttpStatusCode.OK);
        health.GetProperty("status").GetString().Should().Be("up");
    }
}
