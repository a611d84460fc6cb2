using System.Diagnostics;
using System.Globalization;
using System.Net;
using FluentAssertions;
using Hesione.Tests.Backends;
using Hesione.Tests.Isolation;
using Hesione.Tests.Server;
using Xunit;
using Xunit.Abstractions;

namespace Hesione.Tests.Pools;

/// <summary>Two real Prometheus replicas on copies of the same data, shared by the tests of <see cref="PrometheusPoolTests"/>; every test leaves both running.</summary>
public sealed class PrometheusPairFixture : IAsyncLifetime
{
    public PrometheusReplicas Replicas { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (BackendBinaries.SkipReason is not null) return;
        Replicas = await PrometheusReplicas.StartAsync(2, TestData.ForTenants(["team-a", "team-b"]).ToList());
    }

    public async Task DisposeAsync()
    {
        if (Replicas is not null) await Replicas.DisposeAsync();
    }
}

/// <summary>
/// A receiver backed by two real Prometheus replicas under steady load (16 concurrent clients on loopback): a replica
/// killed and restarted costs no failed request and traffic moves per the policy; both down is a fast 502, then
/// recovery; a stuck replica costs at most the timeout. The figures go to the test output (<c>pools:</c> lines,
/// see bench/pools.sh and BENCHMARKS.md).
/// </summary>
public sealed partial class PrometheusPoolTests(PrometheusPairFixture pair, ITestOutputHelper output) : IClassFixture<PrometheusPairFixture>
{
    private const string Query = "team-a/api/v1/query?query=sum%20by%20(code)%20(rate(http_requests_total%5B5m%5D))&time=1735689600";

    private PrometheusReplicas Replicas => pair.Replicas;

    [System.Text.RegularExpressions.GeneratedRegex("""^hesione_upstream_requests_total\{receiver="team-a",upstream="([^"]+)",outcome="answered"\} (\S+)$""", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex Answered();

    private string Config(string balance, string timeout = "10s", params Uri[] backends) => $"""
        receivers:
          - name: team-a
            prom: [{string.Join(", ", (backends.Length > 0 ? backends : [Replicas.BaseAddress(0), Replicas.BaseAddress(1)]).Select(b => $"'{b}'"))}]
            balance: {balance}
            timeout: {timeout}
            label_name: namespace
            label: team-a
        """;

    /// <summary>The requests each backend answered, as the proxy counts them (by backend URL without the trailing slash).</summary>
    private static async Task<Dictionary<string, double>> AnsweredAsync(TestProxy proxy)
    {
        var text = await proxy.Client.GetStringAsync("metrics");
        return Answered().Matches(text).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private double Of(Dictionary<string, double> counts, int replica) => counts.GetValueOrDefault(Replicas.BaseAddress(replica).ToString().TrimEnd('/'));

    private void Report(string scenario, SteadyLoad load, string more) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pools: {scenario}: {load.Requests} requests in {load.Elapsed.TotalSeconds:0.0} s ({load.Requests / load.Elapsed.TotalSeconds:0} req/s), {load.Failures.Count} failed, slowest {load.Slowest.TotalMilliseconds:0} ms; {more}"));

    /// <summary>Waits until the proxy counts a new answer from <paramref name="replica"/>; returns how long that took.</summary>
    private async Task<TimeSpan> UntilServedByAsync(TestProxy proxy, int replica, TimeSpan limit)
    {
        var before = Of(await AnsweredAsync(proxy), replica);
        var waited = Stopwatch.StartNew();
        while (Of(await AnsweredAsync(proxy), replica) == before)
        {
            waited.Elapsed.Should().BeLessThan(limit, $"replica {replica} should take traffic again");
            await Task.Delay(50);
        }
        return waited.Elapsed;
    }

    private string FailuresOf(SteadyLoad load) => string.Join("\n", load.Failures.Take(10).Select(f => $"{f.At.TotalSeconds:0.000}s {f.Failure}"));

    [BackendFact]
    public async Task First_available_survives_a_replica_restart_without_a_failed_request_and_moves_back_to_the_first()
    {
        await using var proxy = await TestProxy.StartAsync(Config("first_available"));
        var replicaQueries = await PrometheusRequestCounter.CountAsync(Replicas.BaseAddress(1), "/api/v1/query");
        await using var load = SteadyLoad.Start(proxy.BaseAddress, Query);

        await Task.Delay(1500);
        var steady = await AnsweredAsync(proxy);
        Of(steady, 0).Should().BeGreaterThan(100, "hundreds of requests a second");
        Of(steady, 1).Should().Be(0, "first_available reads from the first replica only");

        await Replicas.KillAsync(0);
        var killedAt = load.Elapsed;
        await Task.Delay(2000);
        var failedOver = await AnsweredAsync(proxy);
        (Of(failedOver, 1) - Of(steady, 1)).Should().BeGreaterThan(100, "the second replica takes the traffic");
        (await PrometheusRequestCounter.CountAsync(Replicas.BaseAddress(1), "/api/v1/query") - replicaQueries).Should().BeGreaterThan(100, "as the replica itself counts");

        await Replicas.StartAsync(0);
        var back = await UntilServedByAsync(proxy, 0, TimeSpan.FromSeconds(15));
        await Task.Delay(500);
        var settled = await AnsweredAsync(proxy);
        await Task.Delay(1000);
        var after = await AnsweredAsync(proxy);
        await load.StopAsync();

        load.Failures.Should().BeEmpty(FailuresOf(load));
        (Of(after, 0) - Of(settled, 0)).Should().BeGreaterThan(100, "traffic went back to the first replica");
        (Of(after, 1) - Of(settled, 1)).Should().Be(0, "and left the second");
        Report("first_available, replica 0 killed and restarted", load,
            string.Create(CultureInfo.InvariantCulture, $"killed at {killedAt.TotalSeconds:0.0} s, first replica served again {back.TotalSeconds:0.0} s after it was ready; answered by replica 0/1: {Of(after, 0)}/{Of(after, 1)}"));
    }

    [BackendFact]
    public async Task Least_loaded_spreads_the_load_and_survives_a_replica_restart()
    {
        await using var proxy = await TestProxy.StartAsync(Config("least_loaded"));
        await using var load = SteadyLoad.Start(proxy.BaseAddress, Query);

        await Task.Delay(2000);
        var spread = await AnsweredAsync(proxy);
        var total = Of(spread, 0) + Of(spread, 1);
        total.Should().BeGreaterThan(200);
        Of(spread, 0).Should().BeGreaterThan(total * 0.3, "both replicas share the load");
        Of(spread, 1).Should().BeGreaterThan(total * 0.3, "both replicas share the load");

        await Replicas.KillAsync(1);
        await Task.Delay(2000);
        var alone = await AnsweredAsync(proxy);
        await Replicas.StartAsync(1);
        var back = await UntilServedByAsync(proxy, 1, TimeSpan.FromSeconds(15));
        await Task.Delay(1500);
        var after = await AnsweredAsync(proxy);
        await load.StopAsync();

        load.Failures.Should().BeEmpty(FailuresOf(load));
        (Of(alone, 0) - Of(spread, 0)).Should().BeGreaterThan(100, "the surviving replica took the traffic");
        (Of(after, 1) - Of(alone, 1)).Should().BeGreaterThan(50, "the restarted replica takes its share again");
        Report("least_loaded, replica 1 killed and restarted", load,
            string.Create(CultureInfo.InvariantCulture, $"share before the kill {Of(spread, 0)}/{Of(spread, 1)}; replica 1 served again {back.TotalSeconds:0.0} s after it was ready; answered by replica 0/1: {Of(after, 0)}/{Of(after, 1)}"));
    }

    [BackendTheory]
    [InlineData("first_available")]
    [InlineData("least_loaded")]
    public async Task Killing_one_replica_then_the_other_right_after_its_restart_fails_no_request(string balance)
    {
        await using var proxy = await TestProxy.StartAsync(Config(balance));
        await using var load = SteadyLoad.Start(proxy.BaseAddress, Query);

        await Task.Delay(1000);
        await Replicas.KillAsync(0);
        await Task.Delay(1500);
        await Replicas.StartAsync(0);
        var restarted = load.Elapsed;
        await Replicas.KillAsync(1); // replica 0 may still be in its back-off: the pool must find it anyway
        await Task.Delay(1500);
        await Replicas.StartAsync(1);
        await Task.Delay(1000);
        var counts = await AnsweredAsync(proxy);
        await load.StopAsync();

        load.Failures.Should().BeEmpty(FailuresOf(load));
        Report($"{balance}, replica 0 killed and restarted, then replica 1 killed at once and restarted", load,
            string.Create(CultureInfo.InvariantCulture, $"replica 0 back and replica 1 killed at {restarted.TotalSeconds:0.0} s; answered by replica 0/1: {Of(counts, 0)}/{Of(counts, 1)}"));
    }

    [BackendFact]
    public async Task Both_replicas_down_is_a_fast_502_then_the_pool_recovers_without_a_probe()
    {
        await using var proxy = await TestProxy.StartAsync(Config("first_available"));
        (await proxy.Client.GetAsync(Query)).StatusCode.Should().Be(HttpStatusCode.OK);

        await Task.WhenAll(Replicas.KillAsync(0), Replicas.KillAsync(1));
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.StartNew();
            using var response = await proxy.Client.GetAsync(Query);
            slowest = started.Elapsed > slowest ? started.Elapsed : slowest;
            await ForwardingTests.ExpectError(response, HttpStatusCode.BadGateway, "unavailable", "upstream unreachable");
        }
        slowest.Should().BeLessThan(TimeSpan.FromSeconds(1));

        await Task.WhenAll(Replicas.StartAsync(0), Replicas.StartAsync(1));
        var recovering = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            recovering.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "a backend is tried when its back-off ends");
            await Task.Delay(50);
            using var response = await proxy.Client.GetAsync(Query);
            status = response.StatusCode;
        }
        while (status != HttpStatusCode.OK);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pools: both replicas down: 20 requests answered 502 unavailable, slowest {slowest.TotalMilliseconds:0} ms; served again {recovering.Elapsed.TotalSeconds:0.0} s after both were ready (no readiness probe)"));
    }

    [BackendFact]
    public async Task A_stuck_replica_does_not_stall_requests_beyond_the_timeout()
    {
        await using var stuck = Backends.RawTcpUpstream.Start(mode: FakeMode.Hang);
        await using var proxy = await TestProxy.StartAsync(Config("least_loaded", "1s", stuck.BaseAddress, Replicas.BaseAddress(0)));
        await using var load = SteadyLoad.Start(proxy.BaseAddress, Query, workers: 8, limit: TimeSpan.FromSeconds(4));

        await Task.Delay(4000);
        await load.StopAsync();

        load.Failures.Should().BeEmpty(FailuresOf(load));
        load.Requests.Should().BeGreaterThan(200);
        load.Slowest.Should().BeLessThan(TimeSpan.FromSeconds(2.5), "one attempt on the stuck replica costs the 1 s timeout, then the next replica answers");
        Report("stuck replica (accepts, never answers) + 1 replica, timeout 1s, least_loaded", load, "");
    }
}
