using FluentAssertions;
using Hesione.Server.Runtime;
using Hesione.Tests.Backends;
using Hesione.Tests.Server;
using Xunit;

namespace Hesione.Tests.Isolation;

/// <summary>Readiness against a real Prometheus: a thousand <c>/health</c> and <c>/-/ready</c> requests cost it one probe per 5 s.</summary>
[Collection(BackendCollection.Name)]
public sealed class ReadinessProbeTests(BackendFixture fixture)
{
    [BackendFact]
    public async Task A_thousand_readiness_requests_in_about_a_second_reach_Prometheus_at_most_once_per_5_seconds()
    {
        await using var proxy = await TestProxy.StartAsync($"""
            internal_listen: 127.0.0.1:0
            receivers:
              - name: team-a
                prom: {fixture.Prometheus.BaseAddress}
                label_name: namespace
                label: team-a
              - name: team-b
                prom: {fixture.Prometheus.BaseAddress}
                label_name: namespace
                label: team-b
            """);
        using var client = new HttpClient { BaseAddress = proxy.Host.InternalAddress };
        var before = await PrometheusRequestCounter.CountAsync(fixture.Prometheus.BaseAddress, "/-/healthy");

        var elapsed = await PacedRequests.ThousandAsync(client, i => i % 2 == 0 ? "health" : "-/ready");

        var probes = await PrometheusRequestCounter.CountAsync(fixture.Prometheus.BaseAddress, "/-/healthy") - before;
        var allowed = 1 + (int)(elapsed.TotalSeconds / BackendProbes.Freshness.TotalSeconds);
        probes.Should().BeInRange(1, allowed, $"1,000 requests took {elapsed.TotalSeconds:F1} s; both receivers send the same probe to the one Prometheus");
    }
}
