using FluentAssertions;
using Hesione.Server.Plan;
using Hesione.Server.Upstream;
using Hesione.Server.Upstream.Pools;
using Xunit;

namespace Hesione.Tests.Upstream;

/// <summary>
/// The one step that readies every upstream request (<see cref="UpstreamRequests"/>): credentials never to another
/// origin, the retry mark only on reads, a pool's attempt state only on calls to the backends.
/// </summary>
public sealed class UpstreamRequestsTests
{
    private const string Receiver = "name: team-a, label_name: namespace, label: team-a, prom_auth: {user: u, password: p}, headers: {X-Scope-OrgID: team-a}";

    private static UpstreamRoute Route(string upstream) =>
        ConfigLoader.Parse($"receivers:\n  - {{{Receiver}, {upstream}}}\n", Path.GetTempPath()).Receivers.Single().Upstream;

    private static HttpRequestMessage Prepared(UpstreamRoute route, UpstreamTarget target, HttpMethod method)
    {
        var request = new HttpRequestMessage(method, "http://prom:9090/api/v1/query");
        UpstreamRequests.Prepare(request, route, target);
        return request;
    }

    private static bool HasCredentials(HttpRequestMessage request) =>
        request.Headers.Contains("Authorization") && request.Headers.Contains("X-Scope-OrgID");

    private static bool IsIdempotentRead(HttpRequestMessage request) =>
        request.Options.TryGetValue(RetryPolicy.IdempotentRead, out var read) && read;

    [Fact]
    public void An_Alertmanager_on_another_origin_gets_no_credentials()
    {
        var route = Route("prom: 'http://prom:9090', alertmanager: 'http://am:9093'");

        using var alertmanager = Prepared(route, UpstreamTarget.Alertmanager, HttpMethod.Get);
        alertmanager.Headers.Should().BeEmpty();
        using var backend = Prepared(route, UpstreamTarget.Backends, HttpMethod.Get);
        HasCredentials(backend).Should().BeTrue();
        backend.Headers.Authorization!.ToString().Should().Be(route.Authorization);
    }

    [Fact]
    public void An_Alertmanager_on_a_backend_origin_gets_the_credentials()
    {
        using var request = Prepared(Route("prom: 'http://mimir:8080/prometheus', alertmanager: 'http://mimir:8080/alertmanager'"), UpstreamTarget.Alertmanager, HttpMethod.Get);
        HasCredentials(request).Should().BeTrue();
    }

    [Fact]
    public void Only_calls_to_a_pool_get_an_attempt_state()
    {
        var pool = Route("prom: ['http://a:9090', 'http://b:9090'], alertmanager: 'http://am:9093'");

        using (var request = Prepared(pool, UpstreamTarget.Backends, HttpMethod.Get)) PoolAttempt.Of(request).Should().NotBeNull();
        using (var request = Prepared(pool, UpstreamTarget.Backends, HttpMethod.Post)) PoolAttempt.Of(request).Should().NotBeNull();
        using (var request = Prepared(pool, UpstreamTarget.Alertmanager, HttpMethod.Get)) PoolAttempt.Of(request).Should().BeNull("the router lets an Alertmanager call pass");
        using (var request = Prepared(pool, UpstreamTarget.Probe, HttpMethod.Get)) PoolAttempt.Of(request).Should().BeNull("a probe asks one given backend");
        using (var request = Prepared(Route("prom: 'http://a:9090'"), UpstreamTarget.Backends, HttpMethod.Get)) PoolAttempt.Of(request).Should().BeNull("one URL is no pool");
    }

    [Fact]
    public void Only_reads_are_marked_for_retries()
    {
        var route = Route("prom: 'http://prom:9090', alertmanager: 'http://am:9093'");

        using (var request = Prepared(route, UpstreamTarget.Alertmanager, HttpMethod.Get)) IsIdempotentRead(request).Should().BeTrue();
        using (var request = Prepared(route, UpstreamTarget.Alertmanager, HttpMethod.Post)) IsIdempotentRead(request).Should().BeFalse("a posted silence is created once");
        using (var request = Prepared(route, UpstreamTarget.Alertmanager, HttpMethod.Delete)) IsIdempotentRead(request).Should().BeFalse();
        using (var request = Prepared(route, UpstreamTarget.Backends, HttpMethod.Get)) IsIdempotentRead(request).Should().BeTrue();
        using (var request = Prepared(route, UpstreamTarget.Backends, HttpMethod.Post)) IsIdempotentRead(request).Should().BeTrue("a POSTed query only reads");
    }

    [Fact]
    public void A_probe_gets_the_credentials_and_nothing_else()
    {
        using var request = Prepared(Route("prom: 'http://prom:9090'"), UpstreamTarget.Probe, HttpMethod.Get);
        HasCredentials(request).Should().BeTrue();
        request.Options.Should().BeEmpty();
    }
}
